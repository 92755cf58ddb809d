// A local TLS terminator standing in for https://discord.com in front of a listening guildgate, for client libraries
// that pin Discord's host: a throwaway self-signed certificate for discord.com, and this process's HTTPS agent and
// fetch (undici, global dispatcher) connecting discord.com:443 to the terminator (as a deployment's DNS and TLS proxy would).
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import {
  Agent,
  buildConnector,
  fetch as undiciFetch,
  Headers as UndiciHeaders,
  Request as UndiciRequest,
  Response as UndiciResponse,
  setGlobalDispatcher,
} from 'undici';

export const DISCORD_HOST = 'discord.com';

export interface DiscordHost {
  /** The terminator's port on 127.0.0.1. */
  port: number;
  close(): Promise<void>;
}

/** Forwards every request to `upstream` (http://127.0.0.1:port), with the original path, method, headers and body. */
function forwardTo(upstream: URL): http.RequestListener {
  return (request, response) => {
    const forwarded = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, 'x-forwarded-proto': 'https' },
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forwarded.on('error', () => response.writeHead(502).end());
    request.pipe(forwarded);
  };
}

/**
 * Starts the terminator for `upstream` and routes this process's HTTPS (node:https default agent) and fetch (undici
 * global dispatcher) connections for discord.com to it, trusting the throwaway certificate for that host only.
 */
export async function startDiscordHost(upstream: string): Promise<DiscordHost> {
  const pems = await generate([{ name: 'commonName', value: DISCORD_HOST }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: DISCORD_HOST }] }],
  });
  const server = https.createServer({ key: pems.private, cert: pems.cert }, forwardTo(new URL(upstream)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  /** A TLS connection to the terminator, as discord.com (the only name its certificate holds). */
  const connect = (servername: string | undefined) => {
    return tls.connect({ host: '127.0.0.1', port, servername, ca: pems.cert });
  };

  class DiscordAgent extends https.Agent {
    override createConnection(options: tls.ConnectionOptions): ReturnType<typeof tls.connect> {
      return connect(options.servername ?? options.host);
    }
  }
  https.globalAgent = new DiscordAgent({ keepAlive: false });
  // fetch: discord.com goes to the terminator, everything else connects as usual. The global fetch (and its Request, Response and
  // Headers) become the undici package's own, the version this dispatcher is built for (Node's bundled one is older).
  Object.assign(globalThis, { fetch: undiciFetch, Request: UndiciRequest, Response: UndiciResponse, Headers: UndiciHeaders });
  const direct = buildConnector({});
  setGlobalDispatcher(
    new Agent({
      connect: (options, callback) => {
        if (options.hostname !== DISCORD_HOST) return direct(options, callback);
        const socket = connect(options.servername ?? options.hostname);
        socket.once('secureConnect', () => callback(null, socket)).once('error', (error) => callback(error, null));
      },
    }),
  );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
