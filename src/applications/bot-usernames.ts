// Bot user names: a username derived from the application name plus a random four-digit discriminator.
import { randomInt } from 'node:crypto';

/** Four digits, 0001 to 9999 (humans carry "0"). */
export const BOT_DISCRIMINATOR_PATTERN = '^(?!0000)[0-9]{4}$';

const FALLBACK_USERNAME = 'bot';

/** Fits an application name to the username charset `[A-Za-z0-9_.]{2,32}`: other characters become `_`. */
export function botUsernameFor(applicationName: string): string {
  const cleaned = applicationName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_.]+|[_.]+$/g, '')
    .slice(0, 32);
  return cleaned.length >= 2 ? cleaned : FALLBACK_USERNAME;
}

export function randomDiscriminator(): string {
  return String(randomInt(1, 10_000)).padStart(4, '0');
}
