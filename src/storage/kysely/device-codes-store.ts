// DeviceCodeStore on Kysely (RFC 8628): the user's answer, the poll bookkeeping and the consumption of an approved code
// are each one conditional UPDATE ... RETURNING, so concurrent callers never both win; the consumption issues the
// tokens in its own unit.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DeviceCodeRecord, DeviceCodeStatus, DeviceCodeStore, DevicePoll, Issuance, LoginFacts, UserRecord } from '../types.js';
import { wordList, words } from './mappers.js';
import { scopeList } from './oauth-mappers.js';
import { param, PreparedQuery, type QueryRunner } from './prepared-query.js';
import { issuing, readUser } from './token-issuance.js';
import { translatingUnique } from './unique-violation.js';
import type { Database, DeviceCodesTable } from './schema.js';

function toDeviceCode(row: Selectable<DeviceCodesTable>): DeviceCodeRecord {
  return {
    digest: row.digest,
    userCodeDigest: row.user_code,
    applicationId: row.application_id,
    scopes: scopeList(row.scopes),
    status: row.status as DeviceCodeStatus,
    userId: row.user_id,
    authorizationId: row.authorization_id,
    login: { authTime: row.auth_time === null ? null : Number(row.auth_time), amr: wordList(row.amr), idTokenClaims: [] },
    pollInterval: Number(row.poll_interval),
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    lastPolledAt: row.last_polled_at === null ? null : Number(row.last_polled_at),
  };
}

/** When the device may poll again: the last poll plus the interval (milliseconds). */
const nextPollAt = sql<number>`last_polled_at + poll_interval * 1000`;

const consumeApproved = new PreparedQuery((db) =>
  db
    .updateTable('device_codes')
    .set({ status: 'consumed' })
    .where('digest', '=', param('digest'))
    .where('application_id', '=', param('applicationId'))
    .where('status', '=', 'approved')
    .where('expires_at', '>', param('now'))
    .returningAll(),
);

export class KyselyDeviceCodeStore implements DeviceCodeStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly runner: QueryRunner,
  ) {}

  async create(code: DeviceCodeRecord): Promise<void> {
    await translatingUnique(() =>
      this.db
        .insertInto('device_codes')
        .values({
          digest: code.digest,
          user_code: code.userCodeDigest,
          application_id: code.applicationId,
          scopes: code.scopes.join(' '),
          status: code.status,
          user_id: code.userId,
          authorization_id: code.authorizationId,
          auth_time: code.login.authTime,
          amr: words(code.login.amr),
          poll_interval: code.pollInterval,
          created_at: code.createdAt,
          expires_at: code.expiresAt,
          last_polled_at: code.lastPolledAt,
        })
        .execute(),
    );
  }

  async findPending(userCodeDigest: string, now: number): Promise<DeviceCodeRecord | null> {
    const row = await this.db
      .selectFrom('device_codes')
      .selectAll()
      .where('user_code', '=', userCodeDigest)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row ? toDeviceCode(row) : null;
  }

  async settle(
    userCodeDigest: string,
    now: number,
    answer: { status: 'approved' | 'denied'; userId: string; authorizationId: string | null; login: LoginFacts },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('device_codes')
      .set({
        status: answer.status,
        user_id: answer.userId,
        authorization_id: answer.authorizationId,
        auth_time: answer.login.authTime,
        amr: words(answer.login.amr),
      })
      .where('user_code', '=', userCodeDigest)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async poll(digest: string, applicationId: string, now: number, slowDownSeconds: number): Promise<DevicePoll | null> {
    const onTime = await this.db
      .updateTable('device_codes')
      .set({ last_polled_at: now })
      .where('digest', '=', digest)
      .where('application_id', '=', applicationId)
      .where((eb) => eb.or([eb('last_polled_at', 'is', null), eb(nextPollAt, '<=', now)]))
      .returningAll()
      .executeTakeFirst();
    if (onTime) return { code: toDeviceCode(onTime), tooEarly: false };
    const early = await this.db
      .updateTable('device_codes')
      .set({ last_polled_at: now, poll_interval: sql<number>`poll_interval + ${slowDownSeconds}` })
      .where('digest', '=', digest)
      .where('application_id', '=', applicationId)
      .where(nextPollAt, '>', now)
      .returningAll()
      .executeTakeFirst();
    return early ? { code: toDeviceCode(early), tooEarly: true } : null;
  }

  async exchange<I extends Issuance>(
    digest: string,
    applicationId: string,
    now: number,
    issue: (code: DeviceCodeRecord) => I,
  ): Promise<{ code: DeviceCodeRecord; issuance: I; user: UserRecord | null } | null> {
    const claimed = await this.runner.claimUnit(consumeApproved, { digest, applicationId, now }, (row) => {
      const code = toDeviceCode(row);
      const issuance = issue(code);
      return issuing(issuance, code.userId!, { code, issuance });
    });
    return claimed ? { ...claimed.result, user: readUser(claimed) } : null;
  }

  async find(digest: string): Promise<DeviceCodeRecord | null> {
    const row = await this.db.selectFrom('device_codes').selectAll().where('digest', '=', digest).executeTakeFirst();
    return row ? toDeviceCode(row) : null;
  }
}
