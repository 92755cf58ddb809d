// What every route plugin receives: configuration, store, clock and services.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Services } from '../services.js';
import type { Store } from '../storage/types.js';

export interface AppContext {
  config: Config;
  store: Store;
  clock: Clock;
  services: Services;
}

export interface RouteOptions {
  ctx: AppContext;
}
