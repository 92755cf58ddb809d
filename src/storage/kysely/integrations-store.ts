// IntegrationStore on Kysely: applications installed into guilds, one row per (guild, application), upserted on reinstall.
import type { Kysely, Selectable } from 'kysely';
import type { ApplicationRecord, IntegrationRecord, IntegrationStore, UserRecord } from '../types.js';
import { toApplication, toUser } from './mappers.js';
import { AliasedColumns, applicationColumns, scopeList } from './oauth-mappers.js';
import type { Database, GuildIntegrationsTable, UsersTable } from './schema.js';

const INTEGRATION_COLUMNS: readonly (keyof GuildIntegrationsTable)[] = [
  'id',
  'guild_id',
  'application_id',
  'permissions',
  'scopes',
  'installed_by',
  'installed_at',
];

/** `i.<column> as i_<column>` for every column of the integrations table aliased `i`. */
const integrationColumns = new AliasedColumns<Selectable<GuildIntegrationsTable>>('i', INTEGRATION_COLUMNS);

function toIntegration(row: Selectable<GuildIntegrationsTable>): IntegrationRecord {
  return {
    id: row.id,
    guildId: row.guild_id,
    applicationId: row.application_id,
    permissions: BigInt(row.permissions),
    scopes: scopeList(row.scopes),
    installedBy: row.installed_by,
    installedAt: Number(row.installed_at),
  };
}

export class KyselyIntegrationStore implements IntegrationStore {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(integration: IntegrationRecord): Promise<IntegrationRecord> {
    const changes = {
      permissions: integration.permissions.toString(),
      scopes: integration.scopes.join(' '),
      installed_by: integration.installedBy,
      installed_at: integration.installedAt,
    };
    const row = await this.db
      .insertInto('guild_integrations')
      .values({ id: integration.id, guild_id: integration.guildId, application_id: integration.applicationId, ...changes })
      .onConflict((oc) => oc.columns(['guild_id', 'application_id']).doUpdateSet(changes))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toIntegration(row);
  }

  async find(guildId: string, applicationId: string): Promise<IntegrationRecord | null> {
    const row = await this.db
      .selectFrom('guild_integrations')
      .selectAll()
      .where('guild_id', '=', guildId)
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    return row ? toIntegration(row) : null;
  }

  async listByGuild(guildId: string): Promise<{ integration: IntegrationRecord; application: ApplicationRecord; bot: UserRecord }[]> {
    const rows = await this.db
      .selectFrom('guild_integrations as i')
      .innerJoin('applications as a', 'a.id', 'i.application_id')
      .innerJoin('users as u', 'u.id', 'a.bot_user_id')
      .selectAll('u')
      .select([...integrationColumns.selection, ...applicationColumns.selection])
      .where('i.guild_id', '=', guildId)
      .orderBy('i.installed_at')
      .orderBy('i.id')
      .execute();
    return rows.map((row) => ({
      integration: toIntegration(integrationColumns.from(row)),
      application: toApplication(applicationColumns.from(row)),
      bot: toUser(row as Selectable<UsersTable>),
    }));
  }

  async delete(guildId: string, applicationId: string): Promise<IntegrationRecord | null> {
    const row = await this.db
      .deleteFrom('guild_integrations')
      .where('guild_id', '=', guildId)
      .where('application_id', '=', applicationId)
      .returningAll()
      .executeTakeFirst();
    return row ? toIntegration(row) : null;
  }
}
