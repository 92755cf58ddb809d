// The device authorization grant's server side (RFC 8628 sections 3.1 to 3.3): the device authorization request,
// and the user's answer on the verification page (the user code looked up under per-address and per-user guess
// limits reserved before the lookup, then approved or denied by one conditional write).
import { digestToken, generateToken } from '../crypto/tokens.js';
import { ApiError } from '../errors/api-error.js';
import { OAuthError } from '../errors/oauth-error.js';
import type { GuardedLimit } from '../limits/guarded-limit.js';
import type { Authenticated } from '../sessions/sessions-service.js';
import { UniqueViolationError, type ApplicationRecord, type DeviceCodeRecord, type UserRecord } from '../storage/types.js';
import type { AuthenticatedClient } from './client-auth.js';
import { reportAuthorized } from './consent.js';
import type { OAuthContext } from './context.js';
import { parseScopes } from './scopes.js';
import { NO_LOGIN } from './tokens.js';
import { digestUserCode, formatUserCode, generateUserCode, normaliseUserCode } from './user-codes.js';

/** The device authorization endpoint (RFC 8628 3.1) and the verification page the user opens (3.3). */
export const DEVICE_AUTHORIZATION_PATH = '/api/v1/oauth2/device/code';
export const DEVICE_VERIFICATION_PATH = '/device';
/** Seconds a device waits between polls (RFC 8628 3.2's default), and what each slow_down adds (3.5). */
export const DEVICE_POLL_INTERVAL = 5;
export const SLOW_DOWN_SECONDS = 5;

/** Scopes the device flow cannot grant: a bot install needs a guild chosen on the authorization page. */
const NOT_FOR_DEVICES = ['bot'];
/** Tries at a fresh user code when one collides with a stored one (20^8 codes: a collision is rare). */
const USER_CODE_TRIES = 3;

export const UNKNOWN_USER_CODE = 'This code is unknown or has expired. Check the code on your device, or start again there.';
export const MALFORMED_USER_CODE = 'Enter the code your device shows: 8 letters, like BCDF-GHJK.';

export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** A pending request as the verification page shows it. */
export interface PendingDevice {
  /** The user code, formatted (XXXX-XXXX). */
  userCode: string;
  code: DeviceCodeRecord;
  application: ApplicationRecord;
}

export interface UserCodeLimits {
  /** User codes tried from one address. */
  perAddress: GuardedLimit;
  /** User codes tried by one signed-in user. */
  perUser: GuardedLimit;
}

export class DeviceFlowService {
  constructor(
    private readonly ctx: OAuthContext,
    private readonly userCodeKey: Uint8Array,
    private readonly limits: UserCodeLimits,
  ) {}

  /** RFC 8628 3.1-3.2: a device code and a user code for the authenticated client, good for the device code lifetime. */
  async start(client: AuthenticatedClient, scope: string | undefined): Promise<DeviceAuthorizationResponse> {
    const scopes = parseScopes(scope);
    if (scopes.length === 0) throw new OAuthError('invalid_scope', 'scope is required');
    const refused = scopes.filter((name) => NOT_FOR_DEVICES.includes(name));
    if (refused.length > 0) throw new OAuthError('invalid_scope', `Not available with the device flow: ${refused.join(' ')}`);
    const deviceCode = generateToken('deviceCode');
    const now = this.ctx.clock.now();
    const lifetime = this.ctx.lifetimes.deviceCode;
    for (let attempt = 1; ; attempt++) {
      const userCode = generateUserCode();
      try {
        await this.ctx.store.deviceCodes.create({
          digest: digestToken(deviceCode),
          userCodeDigest: digestUserCode(normaliseUserCode(userCode)!, this.userCodeKey),
          applicationId: client.application.id,
          scopes,
          status: 'pending',
          userId: null,
          authorizationId: null,
          login: NO_LOGIN,
          pollInterval: DEVICE_POLL_INTERVAL,
          createdAt: now,
          expiresAt: now + lifetime * 1000,
          lastPolledAt: null,
        });
      } catch (error) {
        if (error instanceof UniqueViolationError && attempt < USER_CODE_TRIES) continue;
        throw error;
      }
      const verificationUri = `${this.ctx.issuer}${DEVICE_VERIFICATION_PATH}`;
      return {
        device_code: deviceCode,
        user_code: userCode,
        verification_uri: verificationUri,
        verification_uri_complete: `${verificationUri}?${new URLSearchParams({ user_code: userCode }).toString()}`,
        expires_in: lifetime,
        interval: DEVICE_POLL_INTERVAL,
      };
    }
  }

  /**
   * The pending request of the code the user typed. A malformed code is refused before anything is counted; every
   * lookup is counted against the address and the user first (429 beyond), so codes cannot be guessed at speed.
   * An unknown, answered or expired code is 400 UNKNOWN_USER_CODE.
   */
  async find(input: string, user: UserRecord, address: string): Promise<PendingDevice> {
    const normalised = normaliseUserCode(input);
    if (normalised === null) throw new ApiError(400, 'INVALID_USER_CODE', MALFORMED_USER_CODE);
    const now = this.ctx.clock.now();
    const message = 'Too many codes tried; wait a few minutes and try again';
    await this.limits.perAddress.enforce(address, now, message);
    await this.limits.perUser.enforce(user.id, now, message);
    const code = await this.ctx.store.deviceCodes.findPending(digestUserCode(normalised, this.userCodeKey), now);
    const application = code && (await this.ctx.store.applications.findById(code.applicationId));
    if (!code || !application) throw new ApiError(400, 'UNKNOWN_USER_CODE', UNKNOWN_USER_CODE);
    return { userCode: formatUserCode(normalised), code, application };
  }

  /**
   * The user's answer (RFC 8628 3.3): approving grants the scopes to the application (the user's authorization, as
   * the consent page does) and marks the code approved, in one transaction whose conditional write lets exactly one
   * answer through; denying marks it denied. Returns the request answered.
   */
  async decide(input: string, signedIn: Authenticated, approve: boolean, address: string): Promise<PendingDevice> {
    const pending = await this.find(input, signedIn.user, address);
    const { code, application } = pending;
    const { user, session } = signedIn;
    const now = this.ctx.clock.now();
    const settled = await this.ctx.store.transaction(async (tx) => {
      if (!approve) return tx.deviceCodes.settle(code.userCodeDigest, now, { status: 'denied', userId: user.id, authorizationId: null, login: NO_LOGIN });
      const authorization = await tx.authorizations.grant(user.id, application.id, code.scopes, now);
      const login = { authTime: session.createdAt, amr: session.amr, idTokenClaims: [] };
      if (!(await tx.deviceCodes.settle(code.userCodeDigest, now, { status: 'approved', userId: user.id, authorizationId: authorization.id, login }))) {
        // Answered meanwhile: the grant above rolls back with this throw.
        throw new ApiError(400, 'UNKNOWN_USER_CODE', UNKNOWN_USER_CODE);
      }
      await reportAuthorized(this.ctx, tx, application.id, user, code.scopes, null);
      return true;
    });
    if (!settled) throw new ApiError(400, 'UNKNOWN_USER_CODE', UNKNOWN_USER_CODE);
    return pending;
  }
}
