// Page form posts: reading urlencoded (or multipart upload) fields, and checking them with the API's own TypeBox schemas.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { ApiError } from '../../errors/api-error.js';
import { sniffImageType } from '../../images/image-data-uri.js';
import { fieldErrorsOf, type ValidationIssue } from './error-handler.js';
import { containsNul } from './reject-nul.js';

/** A file from a multipart upload form (see page-uploads.ts). */
export interface UploadedFile {
  mimetype: string;
  bytes: Buffer;
}

export type FormValue = string | string[] | UploadedFile | undefined;
export type Form = Record<string, FormValue>;

export function formOf(request: FastifyRequest): Form {
  const body = request.body;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Form) : {};
}

/** The field's text, trimmed ('' when absent, repeated or not text). */
export function text(form: Form, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
}

/** The field's text untrimmed (passwords). */
export function raw(form: Form, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

/** The trimmed text, or null when empty: how a cleared optional field reaches the API. */
export function optional(form: Form, name: string): string | null {
  return text(form, name) || null;
}

/** A checkbox: true when ticked (browsers send the field only then). */
export function checked(form: Form, name: string): boolean {
  return form[name] !== undefined;
}

/** Every value of a repeated field (a group of checkboxes), as given. */
export function values(form: Form, name: string): string[] {
  const value = form[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value : [];
}

/** A textarea of one entry per line: trimmed, blank lines dropped. */
export function lines(form: Form, name: string): string[] {
  return text(form, name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A chosen image file as the base64 data URI the API takes, or undefined when none was chosen. */
export function imageDataUri(form: Form, name: string): string | undefined {
  const value = form[name];
  if (!value || typeof value !== 'object' || Array.isArray(value) || value.bytes.length === 0) return undefined;
  // The declared type is what the bytes are, when they are an accepted image; the service checks the rest.
  return `data:${sniffImageType(value.bytes) ?? value.mimetype};base64,${value.bytes.toString('base64')}`;
}

/** Schema wording a person filling in a form can act on (the form's hints say what the format is). */
function plainMessage(issue: ValidationIssue): string | undefined {
  if (issue.keyword === 'pattern') return 'is not in the accepted format';
  if (issue.keyword === 'minLength' && issue.params.limit === 1) return 'is required';
  return issue.message;
}

const validators = new WeakMap<TSchema, ReturnType<typeof Compile>>();

/**
 * Checks a request body built from a form against the API route's schema: 400 INVALID_FORM_BODY naming each bad
 * field. NUL characters are refused here as the API refuses them before its schemas (PostgreSQL text cannot hold them).
 */
export function validated<T extends TSchema>(schema: T, body: unknown): Static<T> {
  if (containsNul(body)) throw ApiError.badRequest('The form contains a NUL character');
  let validator = validators.get(schema);
  if (!validator) validators.set(schema, (validator = Compile(schema)));
  if (validator.Check(body)) return body as Static<T>;
  const issues = (validator.Errors(body) as ValidationIssue[]).map((issue) => ({ ...issue, message: plainMessage(issue) }));
  // One problem per field is what a person can act on (an empty name breaks both minLength and its pattern).
  const errors = fieldErrorsOf(issues).filter((error, index, all) => all.findIndex((other) => other.field === error.field) === index);
  throw ApiError.invalidFields(errors);
}

/** A service's refusal of a form (a 4xx ApiError), to show on the form again; anything else propagates. */
export function refusal(error: unknown): ApiError {
  if (error instanceof ApiError && error.status < 500) return error;
  throw error;
}

/** After a successful post: back to the page (303, so a reload does not post again), saying what was done. */
export function redirectDone(reply: FastifyReply, path: string, done: string): FastifyReply {
  return reply.code(303).redirect(`${path}?done=${encodeURIComponent(done)}`);
}

/** The message for the `done` key a redirect carried; only known keys are shown, never text from the URL. */
export function doneNotice(request: FastifyRequest, notices: Record<string, string>): string | undefined {
  const done = (request.query as Record<string, unknown> | undefined)?.done;
  return typeof done === 'string' && Object.hasOwn(notices, done) ? notices[done] : undefined;
}
