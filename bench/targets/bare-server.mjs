// @ts-check
// Bare node:http server answering a tiny JSON body to every request: the floor for any Node service.
import { createServer } from 'node:http';

const body = JSON.stringify({ id: '1', username: 'bare' });

createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
