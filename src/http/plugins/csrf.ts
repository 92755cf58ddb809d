// CSRF tokens for the pages' forms (OWASP CSRF cheat sheet: HMAC-bound tokens): HMAC of a binding with the server secret.
import { createHmac, randomBytes } from 'node:crypto';
import { safeEqual } from '../../crypto/tokens.js';

export class Csrf {
  private readonly key: string;

  /** Without a configured secret the key is per process: tokens then do not survive a restart or cross nodes. */
  constructor(secret: string | null) {
    this.key = secret ?? randomBytes(32).toString('hex');
  }

  /** The token for a binding: `consent:<session id>` on the consent page, `login:<pre-session cookie>` on the sign-in page. */
  token(binding: string): string {
    return createHmac('sha256', this.key).update(`csrf:${binding}`).digest('base64url');
  }

  verify(binding: string, presented: unknown): boolean {
    return typeof presented === 'string' && presented.length > 0 && safeEqual(presented, this.token(binding));
  }
}
