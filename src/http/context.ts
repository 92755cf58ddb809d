// What every route plugin receives: configuration, store, clock and services; page routes also the CSRF token maker.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Services } from '../services.js';
import type { Store } from '../storage/types.js';
import type { Csrf } from './plugins/csrf.js';

export interface AppContext {
  config: Config;
  store: Store;
  clock: Clock;
  services: Services;
}

export interface RouteOptions {
  ctx: AppContext;
}

/** What every page route plugin receives: the app context and the one CSRF token maker. */
export interface PageRouteOptions extends RouteOptions {
  csrf: Csrf;
}
