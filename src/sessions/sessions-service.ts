// Sessions and API tokens (seed 004): issue, authenticate by token digest, list and revoke.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Lifetimes } from '../config.js';
import { digestToken, generateToken } from '../crypto/tokens.js';
import { ApiError } from '../errors/api-error.js';
import type { SessionRecord, SessionType, Store, UserRecord } from '../storage/types.js';

/** The latest instant a JavaScript Date can hold; longer API token lifetimes are clamped to it. */
const LATEST_TIME_MS = 8_640_000_000_000_000;

/** RFC 8176: the user signed in with a password. */
export const PASSWORD_AMR = ['pwd'];

export interface IssueOptions {
  name?: string | null;
  /** Seconds; for `api` tokens 0 means no expiry. Defaults to the configured lifetime of the type. */
  expiresIn?: number;
  ip?: string | null;
  userAgent?: string | null;
  /** How the user proved who they are (RFC 8176), for id tokens; unknown when absent. */
  amr?: string[];
}

export interface IssuedSession {
  token: string;
  session: SessionRecord;
}

export interface Authenticated {
  session: SessionRecord;
  user: UserRecord;
}

export class SessionsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly lifetimes: Lifetimes,
    /** Live API tokens one user may hold (GUILDGATE_API_TOKEN_LIMIT). */
    private readonly apiTokenLimit: number,
  ) {}

  private defaultLifetime(type: SessionType): number {
    if (type === 'login') return this.lifetimes.loginSession;
    if (type === 'app_login') return this.lifetimes.appLoginSession;
    return 0;
  }

  /** A new session: its token (shown once) and the record holding only the token's digest. Nothing is stored yet. */
  newSession(userId: string, type: SessionType, options: IssueOptions = {}): IssuedSession {
    const now = this.clock.now();
    const lifetime = options.expiresIn ?? this.defaultLifetime(type);
    const token = generateToken(type === 'api' ? 'api' : 'session');
    const session: SessionRecord = {
      id: randomUUID(),
      userId,
      type,
      name: options.name ?? null,
      tokenDigest: digestToken(token),
      createdAt: now,
      expiresAt: lifetime === 0 ? null : Math.min(now + lifetime * 1000, LATEST_TIME_MS),
      ip: options.ip ?? null,
      userAgent: options.userAgent ?? null,
      amr: options.amr ?? [],
    };
    return { token, session };
  }

  /** Issues an API token unless the user holds `apiTokenLimit` live ones already (400 MAX_API_TOKENS). */
  async issueApiToken(userId: string, options: IssueOptions = {}): Promise<IssuedSession> {
    const issued = this.newSession(userId, 'api', options);
    const created = await this.store.transaction(async (tx) => {
      await tx.users.lock(userId);
      if ((await tx.sessions.countLiveApiTokens(userId, this.clock.now())) >= this.apiTokenLimit) return false;
      await tx.sessions.create(issued.session);
      return true;
    });
    if (!created) throw new ApiError(400, 'MAX_API_TOKENS', `You can hold at most ${this.apiTokenLimit} API tokens; revoke one first`);
    return issued;
  }

  /** Issues a session with a write of its own (a login). */
  async issue(userId: string, type: SessionType, options: IssueOptions = {}): Promise<IssuedSession> {
    const issued = this.newSession(userId, type, options);
    await this.store.sessions.create(issued.session);
    return issued;
  }

  authenticate(token: string): Promise<Authenticated | null> {
    return this.store.sessions.findActiveByDigest(digestToken(token), this.clock.now());
  }

  list(userId: string): Promise<SessionRecord[]> {
    return this.store.sessions.listActiveByUser(userId, this.clock.now());
  }

  revoke(userId: string, sessionId: string): Promise<boolean> {
    return this.store.sessions.delete(userId, sessionId);
  }
}
