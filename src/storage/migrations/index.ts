// Versioned schema migrations shared by SQLite and PostgreSQL, applied in name order by Kysely's Migrator.
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../types.js';
import { foundation } from './0001-foundation.js';
import { applications } from './0002-applications.js';
import { images } from './0004-images.js';
import { oauth } from './0003-oauth.js';
import { guilds } from './0005-guilds.js';
import { events } from './0006-events.js';
import { integrations } from './0007-integrations.js';
import { linkedIdentities } from './0008-linked-identities.js';
import { credentials } from './0010-credentials.js';
import { oidc } from './0012-oidc.js';
import { compat } from './0013-compat.js';
import { purge } from './0016-purge.js';

/** A migration written once for both dialects; `dialect` picks the few column types that differ. */
export type PortableMigration = (dialect: Dialect) => { up(db: Kysely<unknown>): Promise<void> };

const migrations: Record<string, PortableMigration> = {
  '0001-foundation': foundation,
  '0002-applications': applications,
  '0004-images': images,
  '0003-oauth': oauth,
  '0005-guilds': guilds,
  '0006-events': events,
  '0007-integrations': integrations,
  '0008-linked-identities': linkedIdentities,
  '0010-credentials': credentials,
  '0012-oidc': oidc,
  '0013-compat': compat,
  '0016-purge': purge,
};

/** Every migration this version has, by name. */
export function migrationNames(): string[] {
  return Object.keys(migrations).sort();
}

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return Object.fromEntries(Object.entries(migrations).map(([name, migration]) => [name, migration(dialect)]));
    },
  };
}
