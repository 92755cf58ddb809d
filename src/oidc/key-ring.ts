// The keys one node signs and publishes with: read from the store at most every KEY_CACHE_TTL_MS (so a rotation reaches
// every node within that), each private key decrypted and imported once per kid, the JWKS document built once per load.
import { importJWK, type CryptoKey, type JWK } from 'jose';
import type { Clock } from '../clock.js';
import { decryptJson } from '../crypto/key-encryption.js';
import type { SigningAlg, SigningKeyRecord, Store } from '../storage/types.js';
import { ensureSigningKey, KEY_CACHE_TTL_MS } from './signing-keys.js';

export interface SigningKey {
  kid: string;
  alg: SigningAlg;
  key: CryptoKey;
}

/** A published key: its public JWK with kid, alg and use. */
export type PublicJwk = { kid: string; kty: string; alg: string; use: string } & Record<string, unknown>;

export interface Jwks {
  keys: PublicJwk[];
}

interface Loaded {
  at: number;
  /** Published keys, newest first; the first is the one that signs. */
  keys: SigningKeyRecord[];
  jwks: Jwks;
}

export class KeyRing {
  private loaded: Loaded | null = null;
  private loading: Promise<Loaded> | null = null;
  /** Imported private keys by kid: decryption and importJWK run once per key, not once per token. */
  private readonly imported = new Map<string, Promise<CryptoKey>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly encryptionKey: Uint8Array,
  ) {}

  private async load(): Promise<Loaded> {
    let keys = await this.store.signingKeys.listPublished(this.clock.now());
    if (keys.length === 0) {
      await ensureSigningKey(this.store, this.clock, this.encryptionKey);
      keys = await this.store.signingKeys.listPublished(this.clock.now());
    }
    return { at: this.clock.now(), keys, jwks: { keys: keys.map((key) => key.publicJwk as PublicJwk) } };
  }

  private async current(): Promise<Loaded> {
    const loaded = this.loaded;
    if (loaded && this.clock.now() - loaded.at < KEY_CACHE_TTL_MS) return loaded;
    // One reload at a time; callers meanwhile share it.
    this.loading ??= this.load().then(
      (fresh) => {
        this.loaded = fresh;
        this.loading = null;
        return fresh;
      },
      (error: unknown) => {
        this.loading = null;
        throw error;
      },
    );
    return this.loading;
  }

  /** The JWKS document (RFC 7517 section 5) of every published key. */
  async jwks(): Promise<Jwks> {
    return (await this.current()).jwks;
  }

  /** The newest key, with its imported private key. */
  async signingKey(): Promise<SigningKey> {
    const newest = (await this.current()).keys[0]!;
    let key = this.imported.get(newest.kid);
    if (!key) {
      key = decryptJson<JWK>(newest.encryptedPrivateJwk, this.encryptionKey).then((jwk) => importJWK(jwk, newest.alg) as Promise<CryptoKey>);
      key.catch(() => this.imported.delete(newest.kid));
      this.imported.set(newest.kid, key);
    }
    return { kid: newest.kid, alg: newest.alg, key: await key };
  }
}
