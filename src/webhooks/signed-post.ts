// Sends one signed webhook request: Ed25519 headers, a timeout, no redirects; reports status or error and duration.
import { performance } from 'node:perf_hooks';
import { signBody } from './signing.js';

export interface PostResult {
  /** The HTTP status, or null when no response came. */
  status: number | null;
  /** Why no response came (timeout, connection refused...), or null. */
  error: string | null;
  durationMs: number;
  ok: boolean;
}

export async function signedPost(url: string, body: string, signingKey: string, nowMs: number, timeoutMs: number): Promise<PostResult> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const started = performance.now();
  const duration = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'guildgate-webhooks/1',
        'x-signature-ed25519': signBody(signingKey, timestamp, body),
        'x-signature-timestamp': timestamp,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return { status: response.status, error: null, durationMs: duration(), ok: response.status >= 200 && response.status < 300 };
  } catch (error) {
    return { status: null, error: describeFailure(error, timeoutMs), durationMs: duration(), ok: false };
  }
}

/** Why a fetch gave no response: a timeout, or the network error code (ECONNREFUSED...). */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  return e.cause?.code ?? e.cause?.message ?? e.message ?? 'request failed';
}
