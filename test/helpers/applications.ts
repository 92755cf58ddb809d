// Application test helpers: create applications over HTTP or straight through the store, and small images of each accepted type.
import type { FastifyInstance } from 'fastify';
import { bearer, call, type RegisteredUser } from './app.js';
import { digestToken, generateToken } from '../../src/crypto/tokens.js';
import type { Store, TokenEndpointAuthMethod } from '../../src/storage/types.js';
import { gifDeclaring, jpegDeclaring, webpDeclaring } from './image-files.js';
import { solidPng } from './png.js';
import { seedApplication } from './seed-application.js';

/** A small image of each accepted type (the server checks magic numbers, structure and header dimensions). */
export const IMAGE_BYTES = {
  'image/png': solidPng(1, [0, 0, 0]),
  'image/jpeg': jpegDeclaring(1, 1),
  'image/gif': gifDeclaring(1, 1),
  'image/webp': webpDeclaring('VP8L', 1, 1),
} as const;

export function dataUri(type: string, bytes: Buffer): string {
  return `data:${type};base64,${bytes.toString('base64')}`;
}

export const PNG_URI = dataUri('image/png', IMAGE_BYTES['image/png']);

/** POST /oauth2/applications as `owner`; fails the test unless it answers 201. */
export async function createApplication(app: FastifyInstance, owner: RegisteredUser, body: Record<string, unknown> = {}): Promise<any> {
  const response = await call(app, {
    method: 'POST',
    url: '/api/v1/oauth2/applications',
    headers: bearer(owner.token),
    payload: { name: 'Test App', redirect_uris: ['https://app.example/callback'], ...body },
  });
  if (response.statusCode !== 201) throw new Error(`create application failed: ${response.statusCode} ${response.body}`);
  return response.data;
}

/** GET /oauth2/applications/{id} as `owner`. */
export async function getApplication(app: FastifyInstance, owner: RegisteredUser, id: string): Promise<any> {
  return (await call(app, { method: 'GET', url: `/api/v1/oauth2/applications/${id}`, headers: bearer(owner.token) })).data;
}

/** The owner's application list, to show a refused write changed nothing. */
export async function listApplications(app: FastifyInstance, owner: RegisteredUser): Promise<any[]> {
  return (await call(app, { method: 'GET', url: '/api/v1/oauth2/applications/@me', headers: bearer(owner.token) })).data;
}

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

/** An application inserted through the store with a real client secret, for protocol tests. */
export async function createTestClient(store: Store, options: TestClientOptions): Promise<TestClient> {
  const method = options.method ?? 'client_secret_basic';
  const clientSecret = method === 'none' ? null : generateToken('clientSecret');
  const application = await seedApplication(store, options.ownerId, {
    name: options.name ?? 'Test App',
    description: options.description ?? null,
    termsOfServiceUrl: options.termsOfServiceUrl ?? null,
    privacyPolicyUrl: options.privacyPolicyUrl ?? null,
    redirectUris: options.redirectUris ?? ['https://client.example/callback'],
    tokenEndpointAuthMethod: method,
    clientSecretDigest: clientSecret ? digestToken(clientSecret) : null,
    createdAt: Date.now(),
  });
  return { clientId: application.id, clientSecret, redirectUri: application.redirectUris[0]! };
}
