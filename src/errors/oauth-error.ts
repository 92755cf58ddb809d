// OAuth errors: RFC 6749 section 5.2 `{error, error_description}` bodies with their HTTP status.

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  | 'unsupported_token_type'
  | 'invalid_token'
  | 'insufficient_scope';

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    readonly headers?: Record<string, string>,
  ) {
    super(description);
    this.name = 'OAuthError';
  }

  toBody(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.error, error_description: this.description };
  }

  /** RFC 6749 5.2: a failed client authentication answers 401 with a challenge for the scheme the client tried. */
  static invalidClient(description = 'Client authentication failed', scheme = 'Basic'): OAuthError {
    return new OAuthError('invalid_client', description, 401, { 'www-authenticate': `${scheme} realm="guildgate"` });
  }

  /** RFC 6749 5.2: the code, refresh token or other grant is invalid, expired, revoked or was issued to another client. */
  static invalidGrant(description: string): OAuthError {
    return new OAuthError('invalid_grant', description);
  }
}
