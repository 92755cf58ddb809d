// The verify endpoint (Miki's `POST /oauth2/verify`, seed 000): redeems a bot install's code, once, through the same
// atomic consume as the token endpoint, and tells the client whether that install is in place and in which guild.
import { digestToken } from '../crypto/tokens.js';
import { OAuthError } from '../errors/oauth-error.js';
import { guildIconUrl } from '../guilds/guild-icon.js';
import type { GuildRecord } from '../storage/types.js';
import { checkVerifierSyntax, redeemCode, verifierProblem, type Redeemer } from './code-redemption.js';
import type { OAuthContext } from './context.js';
import { clientCredentialsOf, type OAuthRequestInput } from './token-endpoint.js';

export interface VerifyResponse {
  authorized: boolean;
  guild: { id: string; name: string; avatarUrl: string | null } | null;
}

/** A valid code whose install was removed since (or whose guild is gone): nothing is authorized any more. */
const NOT_AUTHORIZED: VerifyResponse = { authorized: false, guild: null };

const CLIENT_ID = /^[0-9]{1,20}$/;

/**
 * The client, as a redeemer of the code: authenticated when it sends credentials (Basic or client_secret; 401
 * invalid_client when wrong), else named by client_id alone as Miki's verify does: the code is the secret, still
 * bound to this client and to PKCE, but such a redemption proves nothing and cannot revoke what a used code issued.
 */
async function verifyingClient(ctx: OAuthContext, input: OAuthRequestInput): Promise<Redeemer> {
  const credentials = clientCredentialsOf(input);
  const verifier = input.params.code_verifier;
  if (credentials.authorization?.toLowerCase().startsWith('basic ') || credentials.clientSecret !== undefined) {
    const { application } = await input.authenticate(credentials);
    return { applicationId: application.id, authenticated: true, isPublic: false, verifier };
  }
  if (!credentials.clientId) throw OAuthError.invalidClient('client_id is required');
  const application = CLIENT_ID.test(credentials.clientId) ? await ctx.store.applications.findClient(credentials.clientId) : null;
  if (!application) throw OAuthError.invalidClient();
  return { applicationId: application.id, authenticated: false, isPublic: application.tokenEndpointAuthMethod === 'none', verifier };
}

function verifiedGuild(ctx: OAuthContext, guild: GuildRecord): VerifyResponse {
  return { authorized: true, guild: { id: guild.id, name: guild.name, avatarUrl: guildIconUrl(ctx.issuer, guild) } };
}

/**
 * 200 `{authorized: true, guild}` for an unused, unexpired code of this client from a bot install still in place;
 * 200 `{authorized: false, guild: null}` for such a code whose install is gone; 400 invalid_grant for an unknown,
 * used (an authenticated replay also revokes tokens issued from it), expired or other client's code, or one without
 * a bot install.
 */
export async function verifyCode(ctx: OAuthContext, input: OAuthRequestInput): Promise<VerifyResponse> {
  const redeemer = await verifyingClient(ctx, input);
  const { code: raw, code_verifier: verifier } = input.params;
  if (!raw) throw new OAuthError('invalid_request', 'code is required');
  checkVerifierSyntax(verifier);
  const now = ctx.clock.now();
  const digest = digestToken(raw);
  const outcome = await ctx.store.transaction(async (tx): Promise<VerifyResponse | OAuthError> => {
    const code = await redeemCode(tx, digest, redeemer, now);
    if (code instanceof OAuthError) return code;
    const problem = verifierProblem(code, verifier);
    if (problem) return problem;
    if (code.guildId === null) return OAuthError.invalidGrant('The code is not from a bot install or tied to a guild');
    // A bot install's code (permissions set) answers its guild while the install is in place (removal clears the
    // code's integration_id); a code tied to a guild by guild_id without `bot` (seed 000: no permissions) answers
    // that guild while it exists.
    const inPlace = code.permissions === null || code.integrationId !== null;
    const guild = inPlace ? await tx.guilds.findById(code.guildId) : null;
    return guild ? verifiedGuild(ctx, guild) : NOT_AUTHORIZED;
  });
  if (outcome instanceof OAuthError) throw outcome;
  return outcome;
}
