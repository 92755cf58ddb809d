// What CLI commands open for their work: the migrated store, the domain services over it, a local account by name.
import { systemClock } from '../clock.js';
import type { Config } from '../config.js';
import { ApiError } from '../errors/api-error.js';
import { QUIET_LIMITS_LOG } from '../limits/store-health.js';
import { buildServices, type Services } from '../services.js';
import type { KyselyStore } from '../storage/kysely/store.js';
import { openStore } from '../storage/open-store.js';

/** Opens and migrates the store, runs `work` with it and the migrations just applied, and closes it. */
export async function withStore<T>(config: Config, work: (store: KyselyStore, applied: string[]) => Promise<T>): Promise<T> {
  const store = openStore(config.databaseUrl);
  try {
    return await work(store, await store.migrate());
  } finally {
    await store.close();
  }
}

export async function withServices<T>(config: Config, work: (services: Services, store: KyselyStore) => Promise<T>): Promise<T> {
  return withStore(config, (store) => work(buildServices(config, store, systemClock, { redis: null, log: QUIET_LIMITS_LOG }), store));
}

/** The local (non-bot) account named `username`. */
export async function userNamed(store: KyselyStore, username: string) {
  const user = username.includes('@') ? null : await store.users.findByLogin(username);
  if (!user) throw ApiError.notFound('user');
  return user;
}
