// A local webhook receiver on 127.0.0.1 (port 0) that records requests and answers with scripted statuses.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface WebhookListener {
  url: string;
  received: ReceivedRequest[];
  /** Statuses for the next requests, in order; once used up, every request gets `fallback`. */
  script: number[];
  fallback: number;
  close(): Promise<void>;
}

export async function startWebhookListener(fallback = 204, script: number[] = []): Promise<WebhookListener> {
  const listener = { received: [] as ReceivedRequest[], script, fallback } as WebhookListener;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      listener.received.push({ method: request.method!, path: request.url!, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = listener.script.shift() ?? listener.fallback;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  listener.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  listener.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return listener;
}
