// Image upload forms (multipart/form-data, the only way a browser sends a file without script), for the routes of one plugin context.
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { UploadedFile } from './page-form.js';

/**
 * Parses multipart posts into the same flat body as urlencoded forms, files as UploadedFile. A file is cut one byte
 * past the image limit, so the image check refuses it with its usual message instead of the parser failing the request.
 */
export async function registerImageUploads(app: FastifyInstance, imageMaxBytes: number): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: imageMaxBytes + 1, files: 1, fields: 8, fieldSize: 4096, parts: 9 },
    async onFile(part) {
      const file: UploadedFile = { mimetype: part.mimetype, bytes: await part.toBuffer() };
      part.value = file;
    },
  });
}
