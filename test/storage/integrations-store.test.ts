// IntegrationStore conformance on both dialects: upsert keeps the install id, listing joins application and bot, and
// deleting an install clears integration_id on its codes and tokens (ON DELETE SET NULL) while they keep the guild.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from '../../src/ids.js';
import { NO_LOGIN } from '../../src/oauth/tokens.js';
import type { IntegrationRecord, Store, UserRecord } from '../../src/storage/types.js';
import { newUser } from '../helpers/records.js';
import { seedApplication } from '../helpers/seed-application.js';
import { forEachDialect, openTestStore } from '../helpers/stores.js';
import { suiteFixture } from '../helpers/suite-fixture.js';

function seedUser(store: Store): Promise<UserRecord> {
  return store.users.create(newUser());
}

forEachDialect('integration store', (dialect) => {
  const db = suiteFixture(() => openTestStore(dialect));

  test('upsert keeps the first id and updates the rest; list joins the application and its bot; delete returns the record', async () => {
    const owner = await seedUser(db.store);
    const other = await seedUser(db.store);
    const guildId = newId();
    await db.store.guilds.create({ id: guildId, name: 'g', icon: null, ownerId: owner.id, sourceProvider: null, createdAt: 1_000 });
    await db.store.guilds.addMember({ guildId, userId: owner.id, permissions: 8n, joinedAt: 1_000 });
    const application = await seedApplication(db.store, owner.id);
    const first: IntegrationRecord = {
      id: 'install-1',
      guildId,
      applicationId: application.id,
      permissions: 2048n,
      scopes: ['bot'],
      installedBy: owner.id,
      installedAt: 2_000,
    };
    assert.deepEqual(await db.store.integrations.upsert(first), first);
    const updated = await db.store.integrations.upsert({
      ...first,
      id: 'install-2',
      permissions: 1n << 52n,
      scopes: ['bot', 'identify'],
      installedBy: other.id,
      installedAt: 3_000,
    });
    assert.deepEqual(updated, { ...first, permissions: 1n << 52n, scopes: ['bot', 'identify'], installedBy: other.id, installedAt: 3_000 });
    assert.deepEqual(await db.store.integrations.find(guildId, application.id), updated);
    const [listed] = await db.store.integrations.listByGuild(guildId);
    assert.deepEqual(listed!.integration, updated);
    assert.deepEqual(listed!.application, application);
    assert.equal(listed!.bot.id, application.botUserId);
    await db.store.users.delete(other.id);
    assert.equal((await db.store.integrations.find(guildId, application.id))!.installedBy, null, 'the installer is gone, the install stays');
    assert.deepEqual(await db.store.integrations.delete(guildId, application.id), { ...updated, installedBy: null });
    assert.equal(await db.store.integrations.delete(guildId, application.id), null);
    assert.deepEqual(await db.store.integrations.listByGuild(guildId), []);
  });

  test('deleting an install clears integration_id on its codes and tokens, which keep their guild', async () => {
    const owner = await seedUser(db.store);
    const guildId = newId();
    await db.store.guilds.create({ id: guildId, name: 'g', icon: null, ownerId: owner.id, sourceProvider: null, createdAt: 1_000 });
    await db.store.guilds.addMember({ guildId, userId: owner.id, permissions: 8n, joinedAt: 1_000 });
    const application = await seedApplication(db.store, owner.id);
    await db.store.integrations.upsert({
      id: 'install-x',
      guildId,
      applicationId: application.id,
      permissions: 0n,
      scopes: ['bot'],
      installedBy: owner.id,
      installedAt: 1_000,
    });
    const grant = await db.store.authorizations.grant(owner.id, application.id, ['bot'], 1_000);
    const bound = { guildId, integrationId: 'install-x' };
    await db.store.codes.create({
      digest: 'code-digest',
      applicationId: application.id,
      userId: owner.id,
      authorizationId: grant.id,
      familyId: 'family',
      redirectUri: null,
      scopes: ['bot'],
      codeChallenge: null,
      nonce: null,
      createdAt: 1_000,
      expiresAt: 2_000,
      consumedAt: null,
      permissions: 2048n,
      login: NO_LOGIN,
      ...bound,
    });
    await db.store.tokens.create([
      {
        digest: 'token-digest',
        kind: 'access',
        familyId: 'family',
        familyStartedAt: 1_000,
        applicationId: application.id,
        userId: owner.id,
        authorizationId: grant.id,
        grantType: 'authorization_code',
        scopes: ['bot'],
        createdAt: 1_000,
        expiresAt: 9_000,
        revokedAt: null,
        login: NO_LOGIN,
        ...bound,
      },
    ]);
    assert.deepEqual(await db.store.codes.find('code-digest').then((code) => [code!.guildId, code!.permissions, code!.integrationId]), [
      guildId,
      2048n,
      'install-x',
    ]);
    await db.store.integrations.delete(guildId, application.id);
    const code = (await db.store.codes.find('code-digest'))!;
    const token = (await db.store.tokens.find('token-digest'))!.token;
    assert.deepEqual([code.guildId, code.permissions, code.integrationId], [guildId, 2048n, null]);
    assert.deepEqual([token.guildId, token.integrationId, token.revokedAt], [guildId, null, null]);
  });
});
