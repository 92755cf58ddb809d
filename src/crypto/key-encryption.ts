// Private signing keys at rest: a compact JWE (RFC 7516, `dir` + A256GCM) under a key derived from the server secret
// with HKDF-SHA256 (RFC 5869), so every node holding GUILDGATE_SECRET can read the keys and the database alone cannot.
import { hkdfSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt } from 'jose';

const INFO = 'guildgate signing-key encryption v1';

/** A 256-bit key for one purpose (the HKDF info), derived from the server secret. */
export function derivedKey(secret: string, purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), purpose, 32));
}

/** The 256-bit content encryption key of the signing keys. */
export function keyEncryptionKey(secret: string): Uint8Array {
  return derivedKey(secret, INFO);
}

export function encryptJson(value: unknown, key: Uint8Array): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(value))).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(key);
}

/** Throws when the ciphertext was made with another secret or altered. */
export async function decryptJson<T>(jwe: string, key: Uint8Array): Promise<T> {
  const { plaintext } = await compactDecrypt(jwe, key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
  return JSON.parse(new TextDecoder().decode(plaintext)) as T;
}
