// Consent policy (RFC 6749 section 4.1.2, OIDC prompt=none): approve, deny or settle silently, issuing single-use codes;
// approving a request with the `bot` scope also installs the bot into the chosen guild, in the same transaction.
import { randomUUID } from 'node:crypto';
import { userJson } from '../accounts/user-json.js';
import { digestToken, generateToken } from '../crypto/tokens.js';
import { OAuthError } from '../errors/oauth-error.js';
import { guildJson } from '../guilds/guild-json.js';
import { canManage } from '../guilds/permissions.js';
import type { Installed, IntegrationsService } from '../guilds/integrations-service.js';
import type { Authenticated } from '../sessions/sessions-service.js';
import type { LoginFacts, Tx, UserRecord } from '../storage/types.js';
import { InvalidTargetError, resolveTarget, validateRequest, type AuthorizationRequest, type RawParams } from './authorization-request.js';
import { idTokenHintSubject } from '../oidc/id-token-hint.js';
import { authorizationResponseUrl, confirmationUrl } from './authorization-response.js';
import type { OAuthContext } from './context.js';
import { covers } from './scopes.js';

export type AuthorizationStart =
  /**
   * Shown to the user, never sent to a redirect URI: a bad client or redirect URI, or any error of a request that did
   * not name its redirect URI.
   */
  | { kind: 'refused'; field: string | null; message: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'valid'; request: AuthorizationRequest; hintSubject: string | null };

/** Parameters that ask for a fresh sign-in; the request goes on without them once the user has signed in again. */
const SIGN_IN_PARAMETERS = ['max_age', 'id_token_hint'];

/** approve and deny are the user's answer; silent is prompt=none: a code only if an earlier grant covers the scopes. */
export type Decision = 'approve' | 'deny' | 'silent';

/** APPLICATION_AUTHORIZED for each approval: integration_type 0 with the guild for a bot install, else 1 (user install). */
export async function reportAuthorized(
  ctx: OAuthContext,
  tx: Tx,
  applicationId: string,
  user: UserRecord,
  scopes: string[],
  installed: Installed | null,
): Promise<void> {
  await ctx.events.enqueue(tx, applicationId, 'APPLICATION_AUTHORIZED', {
    integration_type: installed ? 0 : 1,
    user: userJson(user, false),
    scopes,
    ...(installed && { guild: guildJson(installed.guild) }),
  });
}

export class ConsentService {
  constructor(
    private readonly ctx: OAuthContext,
    private readonly integrations: IntegrationsService,
  ) {}

  /** Validates a request: a bad client or redirect URI is never redirected to; other errors are, to a redirect URI the request named. */
  async start(params: RawParams): Promise<AuthorizationStart> {
    let target;
    try {
      target = await resolveTarget(this.ctx.store.applications, params);
    } catch (error) {
      if (error instanceof InvalidTargetError) return { kind: 'refused', field: error.field, message: error.message };
      throw error;
    }
    try {
      const request = validateRequest(target, params);
      const hintSubject = request.idTokenHint === null ? null : await idTokenHintSubject(this.ctx, request.idTokenHint, request.application.id);
      return { kind: 'valid', request, hintSubject };
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      if (target.requestedRedirectUri === null) return { kind: 'refused', field: null, message: error.description };
      return { kind: 'redirect', location: this.errorLocation(target, error) };
    }
  }

  /**
   * Whether the signed-in user must sign in again before this request goes on (OpenID Connect Core 3.1.2.1):
   * prompt=login, a sign-in older than max_age, or a signed-in user other than the id_token_hint's.
   */
  needsSignIn(start: { request: AuthorizationRequest; hintSubject: string | null }, signedIn: Authenticated): boolean {
    const { request, hintSubject } = start;
    if (request.prompts.includes('login')) return true;
    if (request.maxAge !== null && this.ctx.clock.now() - signedIn.session.createdAt > request.maxAge * 1000) return true;
    return hintSubject !== null && hintSubject !== signedIn.user.id;
  }

  /** The request parameters to come back with after signing in: without prompt=login, max_age and id_token_hint. */
  afterSignIn(params: RawParams): RawParams {
    const rest: RawParams = {};
    for (const [name, value] of Object.entries(params)) if (name !== 'prompt' && !SIGN_IN_PARAMETERS.includes(name)) rest[name] = value;
    const prompts = typeof params.prompt === 'string' ? params.prompt.split(' ').filter((value) => value !== '' && value !== 'login') : [];
    if (prompts.length > 0) rest.prompt = prompts.join(' ');
    return rest;
  }

  /**
   * The error response: to the redirect URI when the request named it exactly (a registered one, by resolveTarget),
   * else to guildgate's confirmation page. An error never goes to a URI the request did not name.
   */
  errorLocation(request: Pick<AuthorizationRequest, 'application' | 'requestedRedirectUri' | 'state'>, error: OAuthError): string {
    const { requestedRedirectUri, state } = request;
    if (requestedRedirectUri === null) return confirmationUrl(this.ctx.issuer, request.application.id, { error });
    return authorizationResponseUrl({ redirectUri: requestedRedirectUri, state }, this.ctx.issuer, { error });
  }

  /**
   * Where to send the user agent once the user (or prompt=none) has decided. Approving a bot install throws an
   * ApiError (403 not a manager or bot not public, 404 unknown guild, 400 no guild) before anything is written.
   */
  async decide(request: AuthorizationRequest, signedIn: Authenticated, decision: Decision): Promise<string> {
    const { user, session } = signedIn;
    if (decision === 'deny') return this.errorLocation(request, new OAuthError('access_denied', 'The user denied the request'));
    let existingId: string | null = null;
    if (decision === 'silent') {
      const existing = await this.ctx.store.authorizations.find(user.id, request.application.id);
      if (!existing || !covers(existing.scopes, request.scopes)) {
        return this.errorLocation(request, new OAuthError('consent_required', 'The user has not granted these scopes'));
      }
      existingId = existing.id;
    }
    return this.ctx.store.transaction(async (tx) => {
      const installed = request.install
        ? await this.integrations.install(tx, { application: request.application, user, ...request.install, scopes: request.scopes })
        : null;
      if (decision === 'approve') await reportAuthorized(this.ctx, tx, request.application.id, user, request.scopes, installed);
      const { redirectUri, state } = request;
      // Only a bot-only install goes without a redirect URI, so `installed` is set here.
      if (redirectUri === null) return confirmationUrl(this.ctx.issuer, request.application.id, { guildId: installed!.guild.id });
      const login: LoginFacts = { authTime: session.createdAt, amr: session.amr, idTokenClaims: request.idTokenClaims };
      const correlated = installed ? null : await this.correlatedGuild(tx, request, user);
      const code = await this.issueCode(tx, request, user, login, existingId, installed, correlated);
      const install = installed && { guildId: installed.guild.id, permissions: installed.integration.permissions };
      return authorizationResponseUrl({ redirectUri, state }, this.ctx.issuer, { code, install });
    });
  }

  /** Seed 000: the guild a request without `bot` names (guild_id) when the user manages it; null otherwise (no error). */
  private async correlatedGuild(tx: Tx, request: AuthorizationRequest, user: UserRecord): Promise<string | null> {
    if (request.correlatedGuildId === null) return null;
    const guild = await tx.guilds.findById(request.correlatedGuildId);
    const member = guild && (await tx.guilds.findMember(guild.id, user.id));
    return guild && member && canManage({ ownerId: guild.ownerId, ...member }) ? guild.id : null;
  }

  /**
   * Stores a new code under `authorizationId`, or under the user's grant of the requested scopes when null; a bot
   * install's guild, or the correlated guild (no install: `integrationId` null), goes with it.
   */
  private async issueCode(
    tx: Tx,
    request: AuthorizationRequest,
    user: UserRecord,
    login: LoginFacts,
    authorizationId: string | null,
    installed: Installed | null,
    correlatedGuildId: string | null,
  ): Promise<string> {
    const code = generateToken('code');
    const now = this.ctx.clock.now();
    const grantId = authorizationId ?? (await tx.authorizations.grant(user.id, request.application.id, request.scopes, now)).id;
    await tx.codes.create({
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
      guildId: installed?.guild.id ?? correlatedGuildId,
      permissions: installed?.integration.permissions ?? null,
      integrationId: installed?.integration.id ?? null,
      login,
    });
    return code;
  }
}
