// The device authorization store (RFC 8628): device codes by digest, their user's answer, polls and consumption.
import type { LoginFacts } from './codes.js';
import type { Issuance } from './tokens.js';
import type { UserRecord } from './users.js';

/** pending until the user answers; approved or denied then; consumed once an approved code has given its tokens. */
export type DeviceCodeStatus = 'pending' | 'approved' | 'denied' | 'consumed';

/** A device authorization (RFC 8628), stored under the digest of its device code and the keyed digest of its user code. */
export interface DeviceCodeRecord {
  digest: string;
  userCodeDigest: string;
  applicationId: string;
  scopes: string[];
  status: DeviceCodeStatus;
  /** The user who answered; null while pending. */
  userId: string | null;
  /** The user's authorization an approval made or extended; null unless approved. */
  authorizationId: string | null;
  /** The approving user's login (auth_time and amr of the page session); NO_LOGIN while pending. */
  login: LoginFacts;
  /** Seconds the device must wait between polls (RFC 8628 3.2, raised by slow_down). */
  pollInterval: number;
  createdAt: number;
  expiresAt: number;
  lastPolledAt: number | null;
}

/** What a poll met: the code as the poll left it, and whether the poll came too early (slow_down). */
export interface DevicePoll {
  code: DeviceCodeRecord;
  tooEarly: boolean;
}

export interface DeviceCodeStore {
  /** Inserts the code; throws UniqueViolationError when its user code is taken. */
  create(code: DeviceCodeRecord): Promise<void>;
  /** The pending, unexpired code of this user code digest, if any. */
  findPending(userCodeDigest: string, now: number): Promise<DeviceCodeRecord | null>;
  /**
   * Records the user's answer on a pending, unexpired code in one conditional write: true for exactly one of
   * concurrent callers, false when the code is no longer pending (or expired).
   */
  settle(
    userCodeDigest: string,
    now: number,
    answer: { status: 'approved' | 'denied'; userId: string; authorizationId: string | null; login: LoginFacts },
  ): Promise<boolean>;
  /**
   * Records a poll by the application: when the last poll was at least the interval ago (or none), sets the poll time;
   * otherwise raises the interval by `slowDownSeconds` and sets the poll time (RFC 8628 3.5), each one conditional
   * write. Null when the application has no code of this digest.
   */
  poll(digest: string, applicationId: string, now: number, slowDownSeconds: number): Promise<DevicePoll | null>;
  /**
   * Exchanges an approved, unexpired code for tokens as one atomic unit: marks it consumed (of concurrent callers
   * exactly one gets it, every other one null), then inserts the tokens `issue` answers for it (synchronous: no I/O),
   * reading their user when asked, before the unit commits.
   */
  exchange<I extends Issuance>(
    digest: string,
    applicationId: string,
    now: number,
    issue: (code: DeviceCodeRecord) => I,
  ): Promise<{ code: DeviceCodeRecord; issuance: I; user: UserRecord | null } | null>;
  find(digest: string): Promise<DeviceCodeRecord | null>;
}
