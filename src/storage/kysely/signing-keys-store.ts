// SigningKeyStore on Kysely: id token signing keys, inserted with ON CONFLICT DO NOTHING so concurrent nodes converge.
import type { Kysely, Selectable } from 'kysely';
import type { SigningAlg, SigningKeyRecord, SigningKeyStore } from '../types.js';
import type { Database, SigningKeysTable } from './schema.js';

function toKey(row: Selectable<SigningKeysTable>): SigningKeyRecord {
  return {
    kid: row.kid,
    seq: Number(row.seq),
    alg: row.alg as SigningAlg,
    publicJwk: JSON.parse(row.public_jwk) as Record<string, unknown>,
    encryptedPrivateJwk: row.private_jwk,
    createdAt: Number(row.created_at),
    activatedAt: Number(row.activated_at),
    retiredAt: row.retired_at === null ? null : Number(row.retired_at),
  };
}

export class KyselySigningKeyStore implements SigningKeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertUnlessTaken(key: SigningKeyRecord): Promise<boolean> {
    const result = await this.db
      .insertInto('signing_keys')
      .values({
        kid: key.kid,
        seq: key.seq,
        alg: key.alg,
        public_jwk: JSON.stringify(key.publicJwk),
        private_jwk: key.encryptedPrivateJwk,
        created_at: key.createdAt,
        activated_at: key.activatedAt,
        retired_at: key.retiredAt,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async list(): Promise<SigningKeyRecord[]> {
    return (await this.db.selectFrom('signing_keys').selectAll().orderBy('seq', 'desc').execute()).map(toKey);
  }

  async listPublished(now: number): Promise<SigningKeyRecord[]> {
    const rows = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>', now)]))
      .orderBy('seq', 'desc')
      .execute();
    return rows.map(toKey);
  }

  async latestSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('signing_keys')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return row?.seq == null ? 0 : Number(row.seq);
  }

  async retireOlderThan(seq: number, retiredAt: number): Promise<number> {
    const result = await this.db
      .updateTable('signing_keys')
      .set({ retired_at: retiredAt })
      .where('seq', '<', seq)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
