// A local webhook receiver on 127.0.0.1 (port 0) that records requests and answers with scripted statuses.
// Apps delivering to it need GUILDGATE_WEBHOOK_ALLOW_PRIVATE=on (LOOPBACK_WEBHOOKS).
import { createPublicKey, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The setting that lets an app deliver to this loopback listener. */
export const LOOPBACK_WEBHOOKS = { GUILDGATE_WEBHOOK_ALLOW_PRIVATE: 'on' } as const;

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The sender's port (to find the process that sent it). */
  remotePort: number;
}

export interface WebhookListener {
  url: string;
  received: ReceivedRequest[];
  /** Statuses for the next requests, in order; once used up, every request gets `fallback`. */
  script: number[];
  fallback: number;
  /** Awaited after a request is recorded, before it is answered (to hold or slow answers); `closed` settles when the sender goes. */
  beforeAnswer?: (request: ReceivedRequest, closed: Promise<void>) => Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookListener(fallback = 204, script: number[] = []): Promise<WebhookListener> {
  const listener = { received: [] as ReceivedRequest[], script, fallback } as WebhookListener;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<void>((resolve) => response.once('close', resolve));
    request.on('end', () => {
      const received = {
        method: request.method!,
        path: request.url!,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: request.socket.remotePort!,
      };
      listener.received.push(received);
      void (listener.beforeAnswer?.(received, closed) ?? Promise.resolve()).then(() => {
        response.statusCode = listener.script.shift() ?? listener.fallback;
        response.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  listener.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  listener.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return listener;
}

/** The SPKI DER header of an Ed25519 public key: followed by the raw 32 bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Verifies a received request the way a receiver would: node:crypto, the hex verify_key, timestamp + raw body. */
export function signatureValid(request: Pick<ReceivedRequest, 'headers' | 'body'>, verifyKey: string): boolean {
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(verifyKey, 'hex')]), format: 'der', type: 'spki' });
  const timestamp = String(request.headers['x-signature-timestamp']);
  const signature = Buffer.from(String(request.headers['x-signature-ed25519']), 'hex');
  return verify(null, Buffer.from(timestamp + request.body), key, signature);
}
