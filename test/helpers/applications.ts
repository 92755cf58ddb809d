// Test applications inserted straight through the store (the application endpoints live on another branch).
import { digestToken, generateToken } from '../../src/crypto/tokens.js';
import { newId } from '../../src/ids.js';
import type { Store, TokenEndpointAuthMethod } from '../../src/storage/types.js';

export interface TestClient {
  clientId: string;
  /** Null for public clients. */
  clientSecret: string | null;
  redirectUri: string;
}

export interface TestClientOptions {
  ownerId: string;
  redirectUris?: string[];
  method?: TokenEndpointAuthMethod;
  name?: string;
  description?: string | null;
  termsOfServiceUrl?: string | null;
  privacyPolicyUrl?: string | null;
}

let counter = 0;

export async function createTestClient(store: Store, options: TestClientOptions): Promise<TestClient> {
  const redirectUris = options.redirectUris ?? ['https://client.example/callback'];
  const method = options.method ?? 'client_secret_basic';
  const clientSecret = method === 'none' ? null : generateToken('clientSecret');
  const now = Date.now();
  const bot = await store.users.create({
    id: newId(),
    username: `testbot${process.pid}_${++counter}`,
    discriminator: '0001',
    globalName: null,
    avatar: null,
    email: null,
    verified: true,
    flags: 0,
    bot: true,
    system: false,
    admin: false,
    state: 'normal',
    passwordHash: null,
    createdAt: now,
  });
  const clientId = newId();
  await store.applications.create({
    id: clientId,
    ownerId: options.ownerId,
    name: options.name ?? 'Test App',
    description: options.description ?? null,
    icon: null,
    termsOfServiceUrl: options.termsOfServiceUrl ?? null,
    privacyPolicyUrl: options.privacyPolicyUrl ?? null,
    redirectUris,
    tokenEndpointAuthMethod: method,
    clientSecretDigest: clientSecret ? digestToken(clientSecret) : null,
    botUserId: bot.id,
    botTokenDigest: digestToken(generateToken('bot')),
    botPublic: true,
    botRequireCodeGrant: false,
    flags: 0,
    createdAt: now,
  });
  return { clientId, clientSecret, redirectUri: redirectUris[0]! };
}
