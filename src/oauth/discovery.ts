// Authorization server metadata (RFC 8414 section 2; OpenID Connect Discovery 1.0 section 3), served at both well-known paths.
import { CODE_CHALLENGE_METHODS } from './pkce.js';
import { DEVICE_AUTHORIZATION_PATH } from './device-flow.js';
import { GRANT_TYPES_SUPPORTED } from './grants/registry.js';
import { END_SESSION_PATH } from '../oidc/end-session.js';
import { SIGNING_ALGS } from '../oidc/signing-keys.js';
import { CLAIMS_SUPPORTED } from '../oidc/user-claims.js';
import { SUPPORTED_SCOPES } from './scopes.js';

/** The JWKS (RFC 7517) of the keys that sign id tokens and JWT access tokens. */
export const JWKS_PATH = '/api/v1/oauth2/keys';

const CLIENT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'none'];

export function serverMetadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/authorize`,
    token_endpoint: `${issuer}/api/v1/oauth2/token`,
    revocation_endpoint: `${issuer}/api/v1/oauth2/token/revoke`,
    introspection_endpoint: `${issuer}/api/v1/oauth2/introspect`,
    userinfo_endpoint: `${issuer}/api/v1/oauth2/userinfo`,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    end_session_endpoint: `${issuer}${END_SESSION_PATH}`,
    device_authorization_endpoint: `${issuer}${DEVICE_AUTHORIZATION_PATH}`,
    scopes_supported: SUPPORTED_SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: GRANT_TYPES_SUPPORTED,
    code_challenge_methods_supported: [...CODE_CHALLENGE_METHODS],
    token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
    // Introspection answers confidential clients only.
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    authorization_response_iss_parameter_supported: true,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...SIGNING_ALGS],
    claims_supported: CLAIMS_SUPPORTED,
    claims_parameter_supported: true,
    claim_types_supported: ['normal'],
    service_documentation: `${issuer}/docs`,
  };
}
