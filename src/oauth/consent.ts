// Consent policy (RFC 6749 section 4.1.2, OIDC prompt=none): approve, deny or settle silently, issuing single-use codes.
import { randomUUID } from 'node:crypto';
import { digestToken, generateToken } from '../crypto/tokens.js';
import { OAuthError } from '../errors/oauth-error.js';
import type { UserRecord } from '../storage/types.js';
import {
  InvalidTargetError,
  resolveTarget,
  validateRequest,
  type AuthorizationRequest,
  type RawParams,
} from './authorization-request.js';
import { authorizationResponseUrl } from './authorization-response.js';
import type { OAuthContext } from './context.js';
import { covers } from './scopes.js';

export type AuthorizationStart =
  | { kind: 'invalid_target'; field: InvalidTargetError['field']; message: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'valid'; request: AuthorizationRequest };

/** approve and deny are the user's answer; silent is prompt=none: a code only if an earlier grant covers the scopes. */
export type Decision = 'approve' | 'deny' | 'silent';

export class ConsentService {
  constructor(private readonly ctx: OAuthContext) {}

  /** Validates a request: a bad client or redirect URI is never redirected to, other errors are. */
  async start(params: RawParams): Promise<AuthorizationStart> {
    let target;
    try {
      target = await resolveTarget(this.ctx.store.applications, params);
    } catch (error) {
      if (error instanceof InvalidTargetError) return { kind: 'invalid_target', field: error.field, message: error.message };
      throw error;
    }
    try {
      return { kind: 'valid', request: validateRequest(target, params) };
    } catch (error) {
      if (error instanceof OAuthError) return { kind: 'redirect', location: this.errorLocation(target, error) };
      throw error;
    }
  }

  errorLocation(request: Pick<AuthorizationRequest, 'redirectUri' | 'state'>, error: OAuthError): string {
    return authorizationResponseUrl(request, this.ctx.issuer, { error });
  }

  /** Where to send the user agent once the user (or prompt=none) has decided. */
  async decide(request: AuthorizationRequest, user: UserRecord, decision: Decision): Promise<string> {
    if (decision === 'deny') return this.errorLocation(request, new OAuthError('access_denied', 'The user denied the request'));
    let existingId: string | null = null;
    if (decision === 'silent') {
      const existing = await this.ctx.store.authorizations.find(user.id, request.application.id);
      if (!existing || !covers(existing.scopes, request.scopes)) {
        return this.errorLocation(request, new OAuthError('consent_required', 'The user has not granted these scopes'));
      }
      existingId = existing.id;
    }
    // Issue #5 hooks in here: a request carrying the `bot` scope also installs the bot into the chosen guild.
    const code = await this.issueCode(request, user, existingId);
    return authorizationResponseUrl(request, this.ctx.issuer, { code });
  }

  /** Stores a new code under `authorizationId`, or under the user's grant of the requested scopes when null. */
  private async issueCode(request: AuthorizationRequest, user: UserRecord, authorizationId: string | null): Promise<string> {
    const code = generateToken('code');
    const now = this.ctx.clock.now();
    await this.ctx.store.transaction(async (store) => {
      const grantId = authorizationId ?? (await store.authorizations.grant(user.id, request.application.id, request.scopes, now)).id;
      await store.codes.create({
        digest: digestToken(code),
        applicationId: request.application.id,
        userId: user.id,
        authorizationId: grantId,
        familyId: randomUUID(),
        redirectUri: request.requestedRedirectUri,
        scopes: request.scopes,
        codeChallenge: request.codeChallenge,
        nonce: request.nonce,
        createdAt: now,
        expiresAt: now + this.ctx.lifetimes.code * 1000,
        consumedAt: null,
      });
    });
    return code;
  }
}
