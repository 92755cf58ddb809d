// Migration 0012: OpenID Connect: signing keys (private parts encrypted), what id tokens need of a login (auth_time, amr,
// requested claims) on sessions, codes and tokens, RP-initiated logout URIs and the access token format per
// application, and device authorization codes (RFC 8628).
import type { PortableMigration } from './index.js';
import { timeType } from './column-types.js';

export const oidc: PortableMigration = (dialect) => ({
  async up(db) {
    const time = timeType(dialect);
    await db.schema
      .createTable('signing_keys')
      .addColumn('kid', 'text', (c) => c.primaryKey())
      // Generation number: the first key is 1, each rotation adds one; unique, so concurrent writers converge.
      .addColumn('seq', 'integer', (c) => c.notNull().unique())
      .addColumn('alg', 'text', (c) => c.notNull())
      .addColumn('public_jwk', 'text', (c) => c.notNull())
      // Compact JWE (dir, A256GCM) of the private JWK under a key derived from GUILDGATE_SECRET.
      .addColumn('private_jwk', 'text', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('activated_at', time, (c) => c.notNull())
      .addColumn('retired_at', time)
      .execute();

    // How the login was made (RFC 8176 amr values, space-separated); null when unknown.
    await db.schema.alterTable('sessions').addColumn('amr', 'text').execute();
    for (const table of ['oauth_codes', 'oauth_tokens'] as const) {
      await db.schema.alterTable(table).addColumn('auth_time', time).execute();
      await db.schema.alterTable(table).addColumn('amr', 'text').execute();
      // Claims the `claims` request parameter asked for in the id token (space-separated names).
      await db.schema.alterTable(table).addColumn('id_token_claims', 'text').execute();
    }

    await db.schema
      .alterTable('applications')
      .addColumn('post_logout_redirect_uris', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
    await db.schema
      .alterTable('applications')
      .addColumn('access_token_format', 'text', (c) => c.notNull().defaultTo('opaque'))
      .execute();

    await db.schema
      .createTable('device_codes')
      .addColumn('digest', 'text', (c) => c.primaryKey())
      .addColumn('user_code', 'text', (c) => c.notNull().unique())
      .addColumn('application_id', 'text', (c) => c.notNull().references('applications.id').onDelete('cascade'))
      .addColumn('scopes', 'text', (c) => c.notNull())
      // pending -> approved | denied -> consumed (approved, redeemed once).
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('authorization_id', 'text', (c) => c.references('oauth_authorizations.id').onDelete('cascade'))
      .addColumn('auth_time', time)
      .addColumn('amr', 'text')
      .addColumn('poll_interval', 'integer', (c) => c.notNull())
      .addColumn('created_at', time, (c) => c.notNull())
      .addColumn('expires_at', time, (c) => c.notNull())
      .addColumn('last_polled_at', time)
      .execute();
    await db.schema.createIndex('device_codes_application_id').on('device_codes').column('application_id').execute();
    await db.schema.createIndex('device_codes_user_id').on('device_codes').column('user_id').execute();
    await db.schema.createIndex('device_codes_authorization_id').on('device_codes').column('authorization_id').execute();
  },
});
