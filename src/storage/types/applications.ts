// The application store: developer applications, which are also the OAuth2 clients.
import type { UserRecord } from './users.js';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface ApplicationRecord {
  /** Also the OAuth2 client_id. */
  id: string;
  ownerId: string;
  name: string;
  description: string | null;
  icon: string | null;
  termsOfServiceUrl: string | null;
  privacyPolicyUrl: string | null;
  redirectUris: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  /** SHA-256 digest of the client secret; null for public clients. */
  clientSecretDigest: string | null;
  botUserId: string;
  botTokenDigest: string;
  botPublic: boolean;
  botRequireCodeGrant: boolean;
  flags: number;
  createdAt: number;
  /** Where RP-initiated logout may send the user back (OpenID Connect RP-Initiated Logout 1.0), exact match. */
  postLogoutRedirectUris: string[];
  /** `opaque` (default) or `jwt` (RFC 9068 access tokens). */
  accessTokenFormat: AccessTokenFormat;
}

export type AccessTokenFormat = 'opaque' | 'jwt';

export type ApplicationPatch = Partial<
  Pick<
    ApplicationRecord,
    | 'name'
    | 'description'
    | 'icon'
    | 'termsOfServiceUrl'
    | 'privacyPolicyUrl'
    | 'redirectUris'
    | 'postLogoutRedirectUris'
    | 'accessTokenFormat'
    | 'tokenEndpointAuthMethod'
    | 'clientSecretDigest'
    | 'botTokenDigest'
    | 'botPublic'
    | 'botRequireCodeGrant'
    | 'flags'
  >
>;

/** What client authentication (RFC 6749 2.3) reads of an application: who it is, whose, and how it proves it. */
export type ClientRecord = Pick<ApplicationRecord, 'id' | 'ownerId' | 'tokenEndpointAuthMethod' | 'clientSecretDigest' | 'accessTokenFormat'>;

export interface ApplicationStore {
  create(application: ApplicationRecord): Promise<void>;
  findById(id: string): Promise<ApplicationRecord | null>;
  /** The client-authentication fields of an application (the token endpoint's hot path). */
  findClient(id: string): Promise<ClientRecord | null>;
  /** The application whose bot token has this digest, with its bot user. */
  findByBotTokenDigest(digest: string): Promise<{ application: ApplicationRecord; bot: UserRecord } | null>;
  listByOwner(ownerId: string): Promise<ApplicationRecord[]>;
  countByOwner(ownerId: string): Promise<number>;
  update(id: string, patch: ApplicationPatch): Promise<ApplicationRecord | null>;
  /** Deletes the application; rows that reference it (codes, tokens, grants) go with it by cascade. */
  delete(id: string): Promise<boolean>;
}
