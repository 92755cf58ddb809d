// The one error serializer: ApiError and OAuthError bodies, validation details, and nothing internal leaked.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, type FieldError } from '../../errors/api-error.js';
import { discordErrorBody } from '../../errors/discord-error.js';
import { OAuthError } from '../../errors/oauth-error.js';
import { StoreUnavailableError } from '../../storage/types.js';
import { isDiscordUrl } from '../url-layout.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Errors on this route answer in RFC 6749 form `{error, error_description}`. */
    oauthErrors?: boolean;
  }
}

export interface ValidationIssue {
  keyword?: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const child = (issue.params.missingProperty ?? issue.params.additionalProperty) as string | undefined;
  const field = [path, child].filter(Boolean).join('.');
  return field || (context ?? 'body');
}

function messageOf(issue: ValidationIssue): string {
  if (issue.params.additionalProperty !== undefined) return 'is not allowed';
  if (issue.params.missingProperty !== undefined) return 'is required';
  if (issue.keyword === 'type') return `must be ${String(issue.params.type).split(',').join(' or ')}`;
  return issue.message ?? 'is invalid';
}

/** Fastify's own client errors, answered with stable codes. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Content-Type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'Request body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', message: 'Request body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'INVALID_REQUEST', message: 'Content-Length does not match the body' },
};

/** Schema validation issues (Ajv's, or TypeBox's of the same shape) as named field errors. */
export function fieldErrorsOf(issues: readonly ValidationIssue[], context?: string): FieldError[] {
  return issues.map((issue) => ({ field: fieldOf(issue, context), message: messageOf(issue) }));
}

/** Any error as the ApiError it is answered with (unknown errors become a 500 that reveals nothing). */
export function toApiError(error: FastifyError): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof StoreUnavailableError) return ApiError.databaseUnavailable();
  if (error.validation) return ApiError.invalidFields(fieldErrorsOf(error.validation as ValidationIssue[], error.validationContext));
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (known) return new ApiError(known.status, known.code, known.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError(error.statusCode, 'INVALID_REQUEST', 'The request could not be processed');
  }
  return new ApiError(500, 'INTERNAL_ERROR', 'Internal server error');
}

function toOAuthError(error: FastifyError, apiError: ApiError): OAuthError {
  if (error instanceof OAuthError) return error;
  if (apiError.status === 503) return new OAuthError('temporarily_unavailable', apiError.message, 503, apiError.headers);
  if (apiError.status >= 500) return new OAuthError('server_error', 'Internal server error', 500);
  if (apiError.status === 429) return new OAuthError('temporarily_unavailable', apiError.message, 429, apiError.headers);
  return new OAuthError('invalid_request', apiError.message, apiError.status, apiError.headers);
}

/** An API error in guildgate's shape, or in Discord's under the Discord-style prefixes (serialized here: not by the route's schema). */
function sendApiError(request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  if (error.headers) reply.headers(error.headers);
  reply.code(error.status);
  if (isDiscordUrl(request.originalUrl)) return reply.type('application/json').send(JSON.stringify(discordErrorBody(error)));
  return reply.send(error.toBody());
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = error instanceof OAuthError ? null : toApiError(error);
    // 503 is an answer, not a fault (its cause is logged where it is known: a lost database connection by the store,
    // a full or read-only SQLite file here, from the error's detail).
    if ((apiError?.status ?? 400) >= 500 && apiError?.status !== 503) request.log.error({ err: error }, 'request failed');
    if (error instanceof StoreUnavailableError && error.detail) request.log.warn(error.detail);
    if (error instanceof OAuthError || request.routeOptions.config?.oauthErrors) {
      const oauthError = toOAuthError(error, apiError ?? toApiError(error));
      if (oauthError.headers) reply.headers(oauthError.headers);
      return reply.code(oauthError.status).header('cache-control', 'no-store').send(oauthError.toBody());
    }
    return sendApiError(request, reply, apiError!);
  });

  app.setNotFoundHandler((request, reply) => {
    sendApiError(request, reply, ApiError.unknownRoute(request.method, request.originalUrl.split('?')[0]!));
  });
}
