// Username, password and email rules for local accounts.

/** 2 to 32 characters: letters, digits, underscore and period (as Discord's unique usernames). */
export const USERNAME_PATTERN = '^[A-Za-z0-9_.]{2,32}$';
export const USERNAME_MAX = 32;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
/** RFC 5321: a path is at most 254 characters. Checked before EMAIL_PATTERN, always. */
export const EMAIL_MAX = 254;
/**
 * local@domain.tld with the split at the last dot: no nested quantifier, and the one ambiguity (where the domain's
 * last dot is) is tried once per dot with a tail that stops at the next dot, so matching is linear in the length.
 */
export const EMAIL_PATTERN = '^[^\\s@]{1,64}@[^\\s@]+\\.[^\\s@.]+$';
export const GLOBAL_NAME_MAX = 32;

/** Human accounts all carry discriminator "0": the username alone is unique. */
export const HUMAN_DISCRIMINATOR = '0';
