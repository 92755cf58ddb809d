// User codes of the device authorization grant (RFC 8628 section 6.1): eight letters of a 20-letter alphabet without
// vowels or look-alikes (no 0/O, 1/I), shown as XXXX-XXXX; input normalised (case, dashes, spaces) after a length cap;
// stored as an HMAC under a key derived from the server secret, so a database dump alone cannot be searched for codes.
import { createHmac, randomInt } from 'node:crypto';

/** RFC 8628 6.1's base-20 alphabet: no vowels (no words), no 0/O or 1/I to mix up. */
export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;
/** The longest input looked at: a code with generous spacing; anything longer is refused unread. */
export const USER_CODE_INPUT_MAX = 32;

/** The HKDF info of the user codes' HMAC key (derived from the server secret). */
export const USER_CODE_KEY_PURPOSE = 'guildgate device user codes v1';

/** A fresh user code as shown to the user: XXXX-XXXX (20^8, about 2.6e10 codes). */
export function generateUserCode(): string {
  let code = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) code += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The code the user typed, upper-cased without dashes and spaces; null when it cannot be a user code. */
export function normaliseUserCode(input: string): string | null {
  if (input.length > USER_CODE_INPUT_MAX) return null;
  let code = '';
  for (const char of input.toUpperCase()) {
    if (char === '-' || char === ' ') continue;
    if (!USER_CODE_ALPHABET.includes(char) || code.length === USER_CODE_LENGTH) return null;
    code += char;
  }
  return code.length === USER_CODE_LENGTH ? code : null;
}

/** XXXX-XXXX of a normalised code. */
export function formatUserCode(normalised: string): string {
  return `${normalised.slice(0, 4)}-${normalised.slice(4)}`;
}

/** The keyed digest a normalised user code is stored and looked up under. */
export function digestUserCode(normalised: string, key: Uint8Array): string {
  return createHmac('sha256', key).update(normalised).digest('hex');
}
