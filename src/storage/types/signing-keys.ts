// The signing-key store: the key pairs that sign id tokens and JWT access tokens.

export type SigningAlg = 'RS256' | 'ES256' | 'EdDSA';

/** A key pair that signs id tokens and JWT access tokens; its private half is stored encrypted. */
export interface SigningKeyRecord {
  /** The JWK thumbprint (RFC 7638) of the public key. */
  kid: string;
  /** Generation: 1 for the first key, one more for each rotation. */
  seq: number;
  alg: SigningAlg;
  publicJwk: Record<string, unknown>;
  /** Compact JWE of the private JWK. */
  encryptedPrivateJwk: string;
  createdAt: number;
  activatedAt: number;
  /** Null while the key signs; then when it leaves the JWKS (every token it signed has expired by then). */
  retiredAt: number | null;
}

export interface SigningKeyStore {
  /** Inserts the key unless its seq (or kid) is taken: false then, and an enclosing transaction stays usable. */
  insertUnlessTaken(key: SigningKeyRecord): Promise<boolean>;
  /** Every key, newest first. */
  list(): Promise<SigningKeyRecord[]>;
  /** Keys in the JWKS at `now` (signing, or retiring later), newest first. */
  listPublished(now: number): Promise<SigningKeyRecord[]>;
  /** The highest seq, or 0 when there is no key. */
  latestSeq(): Promise<number>;
  /** Sets `retiredAt` on every signing key older than `seq`; returns how many. */
  retireOlderThan(seq: number, retiredAt: number): Promise<number>;
}
