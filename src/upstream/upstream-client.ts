// One upstream provider over HTTP: the code exchange (RFC 6749 4.1.3) and GET /users/@me and /users/@me/guilds, with a timeout.
import { ApiError } from '../errors/api-error.js';
import { describeFailure } from '../webhooks/signed-post.js';
import type { UpstreamProvider } from './provider-config.js';
import {
  MalformedAnswerError,
  parseGuilds,
  parseTokenAnswer,
  parseUser,
  tokenError,
  type UpstreamGrant,
  type UpstreamGuild,
  type UpstreamUser,
} from './upstream-shapes.js';

/** What the provider answered: its status and the body as JSON (undefined when it is not JSON). */
interface Answer {
  status: number;
  body: unknown;
}

/** Largest answer body read from a provider; beyond it the request is aborted and the answer is a bad response. */
export const MAX_UPSTREAM_ANSWER_BYTES = 1_048_576;

class AnswerTooLargeError extends Error {}

/** The body as text, read at most MAX_UPSTREAM_ANSWER_BYTES far: a larger declared length or stream is cut off. */
async function cappedText(response: Response): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > MAX_UPSTREAM_ANSWER_BYTES) {
    await response.body?.cancel();
    throw new AnswerTooLargeError();
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > MAX_UPSTREAM_ANSWER_BYTES) throw new AnswerTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Control characters out and a bounded length: upstream text goes into our error messages. */
function quote(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, ' ').slice(0, 200);
}

export class UpstreamClient {
  constructor(
    readonly provider: UpstreamProvider,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Redeems the code. The client authenticates with `client_secret_post` by default, which Discord and RFC 6749
   * servers accept (2.3.1), or `client_secret_basic`. 4xx OAuth errors (invalid_grant...) are 400 UPSTREAM_REJECTED.
   */
  async exchangeCode(code: string, redirectUri: string, codeVerifier?: string): Promise<UpstreamGrant> {
    const { clientId, clientSecret, tokenAuthMethod, tokenUrl } = this.provider;
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    if (codeVerifier !== undefined) form.set('code_verifier', codeVerifier);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (tokenAuthMethod === 'client_secret_basic') {
      // RFC 6749 2.3.1: the id and secret are form-url-encoded before base64.
      const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
      headers.authorization = `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
    } else {
      form.set('client_id', clientId);
      form.set('client_secret', clientSecret);
    }
    const what = 'the token endpoint';
    const answer = await this.send(what, tokenUrl, { method: 'POST', headers, body: form.toString() });
    if (answer.status >= 400 && answer.status < 500) {
      const refusal = tokenError(answer.body);
      if (!refusal) throw this.badResponse(`${what} answered HTTP ${answer.status} without an OAuth error`);
      const detail = refusal.description ? `${refusal.error}: ${refusal.description}` : refusal.error;
      throw new ApiError(400, 'UPSTREAM_REJECTED', `${this.provider.label} rejected the code: ${quote(detail)}`);
    }
    return this.parsed(what, answer, parseTokenAnswer);
  }

  async fetchUser(accessToken: string): Promise<UpstreamUser> {
    return this.read('/users/@me', 'identify', accessToken, parseUser);
  }

  async fetchGuilds(accessToken: string): Promise<UpstreamGuild[]> {
    return this.read('/users/@me/guilds', 'guilds', accessToken, parseGuilds);
  }

  private async read<T>(path: string, scope: string, accessToken: string, parse: (body: unknown) => T): Promise<T> {
    const what = `GET ${path}`;
    const answer = await this.send(what, `${this.provider.apiUrl}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (answer.status === 401 || answer.status === 403) {
      throw new ApiError(
        400,
        'UPSTREAM_REJECTED',
        `${this.provider.label} refused ${what} with HTTP ${answer.status}: the authorization must grant the ${scope} scope`,
      );
    }
    return this.parsed(what, answer, parse);
  }

  /** The answer of a 2xx, parsed; anything else is a bad response. */
  private parsed<T>(what: string, answer: Answer, parse: (body: unknown) => T): T {
    if (answer.status < 200 || answer.status >= 300) throw this.badResponse(`${what} answered HTTP ${answer.status}`);
    if (answer.body === undefined) throw this.badResponse(`${what} answered malformed JSON`);
    try {
      return parse(answer.body);
    } catch (error) {
      if (error instanceof MalformedAnswerError) throw this.badResponse(`${what} answered an ${error.message}`);
      throw error;
    }
  }

  /**
   * One request within the timeout, redirects not followed, the answer read up to MAX_UPSTREAM_ANSWER_BYTES; no
   * answer, 5xx and 429 mean the provider is unavailable.
   */
  private async send(what: string, url: string, init: RequestInit): Promise<Answer> {
    let status: number;
    let text: string;
    try {
      const response = await fetch(url, {
        ...init,
        headers: { accept: 'application/json', 'user-agent': 'guildgate-upstream/1', ...init.headers },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await cappedText(response);
    } catch (error) {
      if (error instanceof AnswerTooLargeError) throw this.badResponse(`${what} answered more than ${MAX_UPSTREAM_ANSWER_BYTES} bytes`);
      throw this.unavailable(`${what} failed (${describeFailure(error, this.timeoutMs)})`);
    }
    if (status >= 500 || status === 429) throw this.unavailable(`${what} answered HTTP ${status}`);
    try {
      return { status, body: JSON.parse(text) as unknown };
    } catch {
      return { status, body: undefined };
    }
  }

  private unavailable(detail: string): ApiError {
    return new ApiError(502, 'UPSTREAM_UNAVAILABLE', `${this.provider.label} is unavailable: ${detail}`);
  }

  private badResponse(detail: string): ApiError {
    return new ApiError(502, 'UPSTREAM_BAD_RESPONSE', `${this.provider.label} answered badly: ${detail}`);
  }
}
