// Signing keys as rows (OpenID Connect Core 10.1.1 rotation): generated outside any transaction, the first one inserted
// by whichever node starts first, each rotation one short transaction; a replaced key stays published until every token
// it signed has expired.
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { Clock } from '../clock.js';
import { encryptJson } from '../crypto/key-encryption.js';
import type { SigningAlg, SigningKeyRecord, Store } from '../storage/types.js';

export const SIGNING_ALGS: readonly SigningAlg[] = ['RS256', 'ES256', 'EdDSA'];
export const DEFAULT_SIGNING_ALG: SigningAlg = 'RS256';

/** How long a node may keep signing with a key it read before a rotation: every node reloads its keys this often. */
export const KEY_CACHE_TTL_MS = 5000;

export function isSigningAlg(value: string): value is SigningAlg {
  return (SIGNING_ALGS as readonly string[]).includes(value);
}

/** A new key pair as a record with seq 0 (the writer sets it); the private JWK is encrypted with `encryptionKey`. */
export async function generateSigningKey(alg: SigningAlg, encryptionKey: Uint8Array, now: number): Promise<SigningKeyRecord> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, ...(alg === 'EdDSA' && { crv: 'Ed25519' }) });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    seq: 0,
    alg,
    publicJwk: { ...publicJwk, kid, alg, use: 'sig' },
    encryptedPrivateJwk: await encryptJson(await exportJWK(privateKey), encryptionKey),
    createdAt: now,
    activatedAt: now,
    retiredAt: null,
  };
}

/**
 * The first key, unless there is one: generated before the write, inserted as seq 1 with ON CONFLICT DO NOTHING, so of
 * N nodes starting together one key wins and the others read it. True when this call inserted it.
 */
export async function ensureSigningKey(store: Store, clock: Clock, encryptionKey: Uint8Array): Promise<boolean> {
  if ((await store.signingKeys.latestSeq()) > 0) return false;
  const key = await generateSigningKey(DEFAULT_SIGNING_ALG, encryptionKey, clock.now());
  return store.signingKeys.insertUnlessTaken({ ...key, seq: 1 });
}

export class ConcurrentRotationError extends Error {
  constructor() {
    super('Another rotation happened at the same time; run keys list to see the current key');
    this.name = 'ConcurrentRotationError';
  }
}

/**
 * Adds a new signing key that every node signs with within KEY_CACHE_TTL_MS; the keys it replaces retire once every
 * token they can still sign (until nodes reload, plus `tokenLifetimeMs`) has expired.
 */
export async function rotateSigningKey(
  store: Store,
  clock: Clock,
  encryptionKey: Uint8Array,
  alg: SigningAlg,
  tokenLifetimeMs: number,
): Promise<{ key: SigningKeyRecord; retiredUntil: number }> {
  const now = clock.now();
  const generated = await generateSigningKey(alg, encryptionKey, now);
  const retiredUntil = now + KEY_CACHE_TTL_MS + tokenLifetimeMs;
  const key = await store.transaction(async (tx) => {
    const seq = (await tx.signingKeys.latestSeq()) + 1;
    if (!(await tx.signingKeys.insertUnlessTaken({ ...generated, seq }))) throw new ConcurrentRotationError();
    await tx.signingKeys.retireOlderThan(seq, retiredUntil);
    return { ...generated, seq };
  });
  return { key, retiredUntil };
}

/** What `keys list` shows of a key at `now`. */
export function keyStatus(key: SigningKeyRecord, now: number): 'active' | 'retiring' | 'retired' {
  if (key.retiredAt === null) return 'active';
  return key.retiredAt > now ? 'retiring' : 'retired';
}
