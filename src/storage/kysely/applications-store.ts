// ApplicationStore on Kysely: developer applications, their bot token digests and redirect URI lists; client and bot
// authentication are prepared queries.
import type { Kysely, Selectable } from 'kysely';
import type { AccessTokenFormat, ApplicationPatch, ApplicationRecord, ApplicationStore, ClientRecord, TokenEndpointAuthMethod, UserRecord } from '../types.js';
import { flag, toApplication, toUser } from './mappers.js';
import { applicationColumns } from './oauth-mappers.js';
import { param, PreparedQuery, type QueryRunner } from './prepared-query.js';
import type { ApplicationsTable, Database, UsersTable } from './schema.js';

function toRow(application: ApplicationRecord): ApplicationsTable {
  return {
    id: application.id,
    owner_id: application.ownerId,
    name: application.name,
    description: application.description,
    icon: application.icon,
    terms_of_service_url: application.termsOfServiceUrl,
    privacy_policy_url: application.privacyPolicyUrl,
    redirect_uris: JSON.stringify(application.redirectUris),
    token_endpoint_auth_method: application.tokenEndpointAuthMethod,
    client_secret_digest: application.clientSecretDigest,
    bot_user_id: application.botUserId,
    bot_token_digest: application.botTokenDigest,
    bot_public: flag(application.botPublic),
    bot_require_code_grant: flag(application.botRequireCodeGrant),
    flags: application.flags,
    created_at: application.createdAt,
    post_logout_redirect_uris: JSON.stringify(application.postLogoutRedirectUris),
    access_token_format: application.accessTokenFormat,
  };
}

function patchRow(patch: ApplicationPatch): Partial<ApplicationsTable> {
  return {
    ...(patch.name !== undefined && { name: patch.name }),
    ...(patch.description !== undefined && { description: patch.description }),
    ...(patch.icon !== undefined && { icon: patch.icon }),
    ...(patch.termsOfServiceUrl !== undefined && { terms_of_service_url: patch.termsOfServiceUrl }),
    ...(patch.privacyPolicyUrl !== undefined && { privacy_policy_url: patch.privacyPolicyUrl }),
    ...(patch.redirectUris !== undefined && { redirect_uris: JSON.stringify(patch.redirectUris) }),
    ...(patch.postLogoutRedirectUris !== undefined && { post_logout_redirect_uris: JSON.stringify(patch.postLogoutRedirectUris) }),
    ...(patch.accessTokenFormat !== undefined && { access_token_format: patch.accessTokenFormat }),
    ...(patch.tokenEndpointAuthMethod !== undefined && { token_endpoint_auth_method: patch.tokenEndpointAuthMethod }),
    ...(patch.clientSecretDigest !== undefined && { client_secret_digest: patch.clientSecretDigest }),
    ...(patch.botTokenDigest !== undefined && { bot_token_digest: patch.botTokenDigest }),
    ...(patch.botPublic !== undefined && { bot_public: flag(patch.botPublic) }),
    ...(patch.botRequireCodeGrant !== undefined && { bot_require_code_grant: flag(patch.botRequireCodeGrant) }),
    ...(patch.flags !== undefined && { flags: patch.flags }),
  };
}

const applicationById = new PreparedQuery((db) => db.selectFrom('applications').selectAll().where('id', '=', param('id')));

const clientById = new PreparedQuery((db) =>
  db
    .selectFrom('applications')
    .select(['id', 'owner_id', 'token_endpoint_auth_method', 'client_secret_digest', 'access_token_format'])
    .where('id', '=', param('id')),
);

const botByTokenDigest = new PreparedQuery((db) =>
  db
    .selectFrom('applications as a')
    .innerJoin('users as u', 'u.id', 'a.bot_user_id')
    .selectAll('u')
    .select(applicationColumns.selection)
    .where('a.bot_token_digest', '=', param('digest')),
);

export class KyselyApplicationStore implements ApplicationStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly runner: QueryRunner,
  ) {}

  async create(application: ApplicationRecord): Promise<void> {
    await this.db.insertInto('applications').values(toRow(application)).execute();
  }

  async findById(id: string): Promise<ApplicationRecord | null> {
    const row = await this.runner.first(applicationById, { id });
    return row ? toApplication(row) : null;
  }

  async findClient(id: string): Promise<ClientRecord | null> {
    const row = await this.runner.first(clientById, { id });
    if (!row) return null;
    return {
      id: row.id,
      ownerId: row.owner_id,
      tokenEndpointAuthMethod: row.token_endpoint_auth_method as TokenEndpointAuthMethod,
      clientSecretDigest: row.client_secret_digest,
      accessTokenFormat: row.access_token_format as AccessTokenFormat,
    };
  }

  async findByBotTokenDigest(digest: string): Promise<{ application: ApplicationRecord; bot: UserRecord } | null> {
    const row = await this.runner.first(botByTokenDigest, { digest });
    return row ? { application: toApplication(applicationColumns.from(row)), bot: toUser(row as Selectable<UsersTable>) } : null;
  }

  async listByOwner(ownerId: string): Promise<ApplicationRecord[]> {
    const rows = await this.db.selectFrom('applications').selectAll().where('owner_id', '=', ownerId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toApplication);
  }

  async countByOwner(ownerId: string): Promise<number> {
    const row = await this.db
      .selectFrom('applications')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('owner_id', '=', ownerId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async update(id: string, patch: ApplicationPatch): Promise<ApplicationRecord | null> {
    const values = patchRow(patch);
    if (Object.keys(values).length === 0) return this.findById(id);
    const row = await this.db.updateTable('applications').set(values).where('id', '=', id).returningAll().executeTakeFirst();
    return row ? toApplication(row) : null;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('applications').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
