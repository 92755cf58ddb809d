// What the OAuth2 protocol core needs from the outside: the store, the clock, the issuer, the lifetimes, the events outbox
// and the signing keys.
import type { Clock } from '../clock.js';
import type { Lifetimes } from '../config.js';
import type { KeyRing } from '../oidc/key-ring.js';
import type { Store } from '../storage/types.js';
import type { EventsService } from '../webhooks/events-service.js';

export interface OAuthContext {
  store: Store;
  clock: Clock;
  /** RFC 8414 issuer identifier; also the `iss` of authorization responses (RFC 9207). */
  issuer: string;
  lifetimes: Lifetimes;
  /** The application events outbox: consent and deauthorization enqueue in the transaction of the change. */
  events: Pick<EventsService, 'enqueue'>;
  /** The signing keys of id tokens and JWT access tokens. */
  keys: KeyRing;
}
