// Sends signed webhook requests to owner-chosen URLs: Ed25519 headers, a timeout, no redirects, only allowed targets;
// reports the status or one of a few plain failure words (never connection details: the owner must not learn the network).
import { performance } from 'node:perf_hooks';
import { request, type Agent } from 'undici';
import { AddressNotAllowedError, guardedAgent, systemResolve, type Resolve } from './guarded-agent.js';
import { signBody } from './signing.js';

/** What the owner is told when no response came. */
export type PostFailure = 'unreachable' | 'timed out' | 'not allowed';

export interface PostResult {
  /** The HTTP status, or null when no response came. */
  status: number | null;
  /** Why no response came, or null. */
  error: PostFailure | null;
  durationMs: number;
  ok: boolean;
}

export interface SenderSettings {
  /** Milliseconds a request may take. */
  timeoutMs: number;
  /** Private, loopback and other internal targets and plain http allowed (GUILDGATE_WEBHOOK_ALLOW_PRIVATE). */
  allowPrivate: boolean;
}

function notAllowedCause(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof AddressNotAllowedError) return true;
  }
  return false;
}

export class WebhookSender {
  private readonly agent: Agent;

  constructor(
    readonly settings: SenderSettings,
    resolve: Resolve = systemResolve,
  ) {
    this.agent = guardedAgent(resolve, settings.allowPrivate);
  }

  /** POSTs `body` signed with `signingKey` at `nowMs`; plain http only when private targets are allowed. */
  async post(url: string, body: string, signingKey: string, nowMs: number): Promise<PostResult> {
    const started = performance.now();
    const result = (status: number | null, error: PostFailure | null): PostResult => ({
      status,
      error,
      durationMs: Math.round(performance.now() - started),
      ok: status !== null && status >= 200 && status < 300,
    });
    const protocol = URL.canParse(url) ? new URL(url).protocol : '';
    if (protocol !== 'https:' && !(protocol === 'http:' && this.settings.allowPrivate)) return result(null, 'not allowed');
    const timestamp = String(Math.floor(nowMs / 1000));
    const signal = AbortSignal.timeout(this.settings.timeoutMs);
    try {
      const response = await request(url, {
        dispatcher: this.agent,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'guildgate-webhooks/1',
          'x-signature-ed25519': signBody(signingKey, timestamp, body),
          'x-signature-timestamp': timestamp,
        },
        body,
        signal,
      });
      await response.body.dump();
      return result(response.statusCode, null);
    } catch (error) {
      if (notAllowedCause(error)) return result(null, 'not allowed');
      return result(null, signal.aborted ? 'timed out' : 'unreachable');
    }
  }

  /** Closes the kept-alive connections. */
  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Why a fetch gave no response: a timeout, or the network error code (ECONNREFUSED...); for operator-configured URLs. */
export function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  return e.cause?.code ?? e.cause?.message ?? e.message ?? 'request failed';
}
