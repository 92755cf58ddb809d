// Inserts an application and its bot user straight through the store, for tests that need one without the HTTP API.
import { newId } from '../../src/ids.js';
import type { ApplicationRecord, Store } from '../../src/storage/types.js';
import { newUser } from './records.js';

export async function seedApplication(store: Store, ownerId: string, overrides: Partial<ApplicationRecord> = {}): Promise<ApplicationRecord> {
  const bot = await store.users.create(newUser({ username: `bot${newId()}`, discriminator: '0001', verified: true, bot: true, createdAt: 0 }));
  const application: ApplicationRecord = {
    id: newId(),
    ownerId,
    name: 'Event App',
    description: null,
    icon: null,
    termsOfServiceUrl: null,
    privacyPolicyUrl: null,
    redirectUris: ['https://app.example/callback'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    clientSecretDigest: `secret-${newId()}`,
    botUserId: bot.id,
    botTokenDigest: `bot-${newId()}`,
    botPublic: true,
    botRequireCodeGrant: false,
    flags: 0,
    createdAt: 0,
    postLogoutRedirectUris: [],
    accessTokenFormat: 'opaque',
    ...overrides,
  };
  await store.applications.create(application);
  return application;
}
