// Application test helpers: create an application over HTTP, and small images of each accepted type.
import type { FastifyInstance } from 'fastify';
import { bearer, call, type RegisteredUser } from './app.js';

/** Bytes that start with each type's magic number (the server checks magic numbers, not full decoding). */
export const IMAGE_BYTES = {
  'image/png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-png-body')]),
  'image/jpeg': Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-jpeg-body')]),
  'image/gif': Buffer.from('GIF89a-gif-body'),
  'image/webp': Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x20, 0, 0, 0]), Buffer.from('WEBPVP8 webp-body')]),
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
