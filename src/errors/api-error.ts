// API errors: the `{code, message, errors?}` body every non-OAuth endpoint answers with.

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): { code: string; message: string; errors?: FieldError[] } {
    return this.errors ? { code: this.code, message: this.message, errors: this.errors } : { code: this.code, message: this.message };
  }

  static badRequest(message: string, errors?: FieldError[]): ApiError {
    return new ApiError(400, 'INVALID_REQUEST', message, errors);
  }

  static invalidField(field: string, message: string): ApiError {
    return new ApiError(400, 'INVALID_FORM_BODY', `Invalid ${field}: ${message}`, [{ field, message }]);
  }

  /** INVALID_FORM_BODY naming several fields at once. */
  static invalidFields(errors: FieldError[]): ApiError {
    const summary = errors.map((e) => `${e.field} ${e.message}`).join('; ');
    return new ApiError(400, 'INVALID_FORM_BODY', `Invalid request: ${summary}`, errors);
  }

  static unauthorized(message = 'Missing or invalid credentials', challenge = 'Bearer realm="guildgate"'): ApiError {
    return new ApiError(401, 'UNAUTHORIZED', message, undefined, { 'www-authenticate': challenge });
  }

  static forbidden(code: string, message: string): ApiError {
    return new ApiError(403, code, message);
  }

  /** 403 LOGIN_SESSION_REQUIRED: what an API token may never do (mint or reset credentials, approve, sign out others). */
  static loginSessionRequired(): ApiError {
    return new ApiError(403, 'LOGIN_SESSION_REQUIRED', 'API tokens cannot do this; use a login session');
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, `UNKNOWN_${what.toUpperCase().replace(/\s+/g, '_')}`, `Unknown ${what}`);
  }

  static unknownRoute(method: string, path: string): ApiError {
    return new ApiError(404, 'UNKNOWN_ROUTE', `No route for ${method} ${path}`);
  }

  static conflict(code: string, message: string): ApiError {
    return new ApiError(409, code, message);
  }

  static tooManyRequests(retryAfterSeconds: number, message = 'You are being rate limited'): ApiError {
    return new ApiError(429, 'RATE_LIMITED', message, undefined, { 'retry-after': String(retryAfterSeconds) });
  }

  /** 503 SERVER_BUSY: guildgate cannot take this request now (a full password-hash queue, an unavailable limit store). */
  static serverBusy(retryAfterSeconds: number, message: string): ApiError {
    return new ApiError(503, 'SERVER_BUSY', message, undefined, { 'retry-after': String(retryAfterSeconds) });
  }

  /** 503 DATABASE_UNAVAILABLE: the database connection was lost; a retry gets a new one. */
  static databaseUnavailable(): ApiError {
    return new ApiError(503, 'DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly', undefined, { 'retry-after': '1' });
  }
}
