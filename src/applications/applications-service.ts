// Developer applications (OAuth2 clients): create with their bot user, read, update, delete, and client secret resets.
import type { Clock } from '../clock.js';
import type { ClientChanges } from '../oauth/client-changes.js';
import { digestToken, generateToken } from '../crypto/tokens.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../ids.js';
import type { ImagesService } from '../images/images-service.js';
import type { AccessTokenFormat, ApplicationRecord, Store, TokenEndpointAuthMethod } from '../storage/types.js';
import type { BotsService } from './bots-service.js';
import { findApplication, findOwnedApplication, type ApplicationWithBot } from './ownership.js';
import { validateRedirectUris, validateWebUrl } from './redirect-uris.js';

export const APPLICATION_NAME_MAX = 100;
export const DESCRIPTION_MAX = 400;

export interface ApplicationFields {
  name?: string;
  description?: string | null;
  /** A base64 image data URI; null removes the icon. */
  icon?: string | null;
  termsOfServiceUrl?: string | null;
  privacyPolicyUrl?: string | null;
  /** Null means none. */
  redirectUris?: string[] | null;
  /** Null means none. */
  postLogoutRedirectUris?: string[] | null;
  accessTokenFormat?: AccessTokenFormat;
  tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
  botPublic?: boolean;
  botRequireCodeGrant?: boolean;
}

export interface IssuedApplication extends ApplicationWithBot {
  /** The plain client secret, when this call issued one (create, reset, or a public client turned confidential). */
  clientSecret: string | null;
}

export interface CreatedApplication extends IssuedApplication {
  botToken: string;
}

/** Checks the fields that need more than a schema: redirect URIs and web URLs. */
function checkFields(fields: ApplicationFields): void {
  if (fields.redirectUris) validateRedirectUris(fields.redirectUris);
  if (fields.postLogoutRedirectUris) validateRedirectUris(fields.postLogoutRedirectUris, 'post_logout_redirect_uris');
  validateWebUrl(fields.termsOfServiceUrl, 'terms_of_service_url');
  validateWebUrl(fields.privacyPolicyUrl, 'privacy_policy_url');
}

function newSecret(): { clientSecret: string; clientSecretDigest: string } {
  const clientSecret = generateToken('clientSecret');
  return { clientSecret, clientSecretDigest: digestToken(clientSecret) };
}

/**
 * What a change of token_endpoint_auth_method does to the secret: `none` drops it; a public client made
 * confidential gets `candidate` (made before the transaction, returned once); switching between basic and post keeps it.
 */
function secretForMethod(current: ApplicationRecord, method: TokenEndpointAuthMethod | undefined, candidate: ReturnType<typeof newSecret>) {
  if (method === undefined || method === current.tokenEndpointAuthMethod) return { clientSecret: null };
  if (method === 'none') return { clientSecret: null, clientSecretDigest: null };
  return current.clientSecretDigest === null ? candidate : { clientSecret: null };
}

export class ApplicationsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bots: BotsService,
    private readonly images: ImagesService,
    private readonly appLimit: number,
    /** Told after a change to a client's authentication (secret, type, token format) or its deletion commits. */
    private readonly clientChanges?: ClientChanges,
  ) {}

  /** Runs a change of a client's row, then tells every node's client cache once it has committed. */
  private async changingClient<T>(change: () => Promise<T>): Promise<T> {
    const result = await change();
    await this.clientChanges?.announce();
    return result;
  }

  /** Creates the application and its bot user in one transaction; the secret and bot token are returned only here. */
  async create(ownerId: string, fields: ApplicationFields & { name: string }): Promise<CreatedApplication> {
    checkFields(fields);
    const icon = await this.images.decode(ownerId, fields.icon, 'icon');
    const method = fields.tokenEndpointAuthMethod ?? 'client_secret_basic';
    const secret = method === 'none' ? { clientSecret: null, clientSecretDigest: null } : newSecret();
    const botToken = generateToken('bot');
    const botTokenDigest = digestToken(botToken);
    return this.store.transaction(async (tx) => {
      await tx.users.lock(ownerId);
      if ((await tx.applications.countByOwner(ownerId)) >= this.appLimit) {
        throw new ApiError(400, 'MAX_APPLICATIONS', `You can own at most ${this.appLimit} applications`);
      }
      const bot = await this.bots.createBotUser(tx, fields.name);
      const application: ApplicationRecord = {
        id: newId(),
        ownerId,
        name: fields.name,
        description: fields.description ?? null,
        icon: (await this.images.save(tx, icon)) ?? null,
        termsOfServiceUrl: fields.termsOfServiceUrl ?? null,
        privacyPolicyUrl: fields.privacyPolicyUrl ?? null,
        redirectUris: fields.redirectUris ?? [],
        postLogoutRedirectUris: fields.postLogoutRedirectUris ?? [],
        accessTokenFormat: fields.accessTokenFormat ?? 'opaque',
        tokenEndpointAuthMethod: method,
        clientSecretDigest: secret.clientSecretDigest,
        botUserId: bot.id,
        botTokenDigest,
        botPublic: fields.botPublic ?? true,
        botRequireCodeGrant: fields.botRequireCodeGrant ?? false,
        flags: 0,
        createdAt: this.clock.now(),
      };
      await tx.applications.create(application);
      return { application, bot, clientSecret: secret.clientSecret, botToken };
    });
  }

  /** The owner's applications with their bot users, oldest first. */
  async list(ownerId: string): Promise<ApplicationWithBot[]> {
    const applications = await this.store.applications.listByOwner(ownerId);
    return Promise.all(applications.map((application) => findApplication(this.store, application.id)));
  }

  get(ownerId: string, id: string): Promise<ApplicationWithBot> {
    return findOwnedApplication(this.store, ownerId, id);
  }

  /** Any application, for its public view. */
  getPublic(id: string): Promise<ApplicationWithBot> {
    return findApplication(this.store, id);
  }

  /** Updates the application; `mayMintSecret` false (an API token) refuses making a public client confidential. */
  async update(ownerId: string, id: string, fields: ApplicationFields, mayMintSecret = true): Promise<IssuedApplication> {
    checkFields(fields);
    const icon = await this.images.decode(ownerId, fields.icon, 'icon');
    const candidate = newSecret();
    return this.changingClient(() =>
      this.store.transaction(async (tx) => {
        const { application, bot } = await findOwnedApplication(tx, ownerId, id);
        const { clientSecret, ...secretPatch } = secretForMethod(application, fields.tokenEndpointAuthMethod, candidate);
        if (clientSecret !== null && !mayMintSecret) throw ApiError.loginSessionRequired();
        const updated = await tx.applications.update(id, {
          name: fields.name,
          description: fields.description,
          icon: await this.images.save(tx, icon),
          termsOfServiceUrl: fields.termsOfServiceUrl,
          privacyPolicyUrl: fields.privacyPolicyUrl,
          redirectUris: fields.redirectUris === null ? [] : fields.redirectUris,
          postLogoutRedirectUris: fields.postLogoutRedirectUris === null ? [] : fields.postLogoutRedirectUris,
          accessTokenFormat: fields.accessTokenFormat,
          tokenEndpointAuthMethod: fields.tokenEndpointAuthMethod,
          botPublic: fields.botPublic,
          botRequireCodeGrant: fields.botRequireCodeGrant,
          ...secretPatch,
        });
        return { application: updated ?? application, bot, clientSecret };
      }),
    );
  }

  /**
   * Deletes the application and its bot user in one transaction. Codes, tokens and grants reference the
   * application with ON DELETE CASCADE, and the bot token digest lives on the row, so every credential dies with it.
   */
  async delete(ownerId: string, id: string): Promise<void> {
    await this.changingClient(() =>
      this.store.transaction(async (tx) => {
        const { application, bot } = await findOwnedApplication(tx, ownerId, id);
        await tx.applications.delete(application.id);
        await tx.users.delete(bot.id);
      }),
    );
  }

  /** A new client secret (shown once); the old one stops working at once. Public clients have none. */
  async resetSecret(ownerId: string, id: string): Promise<IssuedApplication> {
    const { clientSecret, clientSecretDigest } = newSecret();
    return this.changingClient(() =>
      this.store.transaction(async (tx) => {
        const { application, bot } = await findOwnedApplication(tx, ownerId, id);
        if (application.tokenEndpointAuthMethod === 'none') {
          throw new ApiError(400, 'PUBLIC_CLIENT', 'Public clients (token_endpoint_auth_method "none") have no client secret');
        }
        const updated = await tx.applications.update(id, { clientSecretDigest });
        return { application: updated ?? application, bot, clientSecret };
      }),
    );
  }
}
