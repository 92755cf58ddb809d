// The grant registry (RFC 6749 section 4): grant_type -> grant plugin; adding a grant is one module and one line here.
import { authorizationCodeGrant } from './authorization-code.js';
import { clientCredentialsGrant } from './client-credentials.js';
import { deviceCodeGrant } from './device-code.js';
import { refreshTokenGrant } from './refresh-token.js';
import type { TokenGrant } from './types.js';

const GRANTS: readonly TokenGrant[] = [authorizationCodeGrant, refreshTokenGrant, clientCredentialsGrant, deviceCodeGrant];

const byType = new Map(GRANTS.map((grant) => [grant.grantType, grant]));

export const GRANT_TYPES_SUPPORTED = GRANTS.map((grant) => grant.grantType);

export function findGrant(grantType: string): TokenGrant | undefined {
  return byType.get(grantType);
}
