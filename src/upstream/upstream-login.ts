// Upstream login (seed 004 POST /oauth2): the code exchange and reads upstream, then one transaction linking the user, importing guilds and issuing the session.
import type { Clock } from '../clock.js';
import { ApiError } from '../errors/api-error.js';
import type { Limits } from '../limits/limits.js';
import type { IssuedSession, SessionsService } from '../sessions/sessions-service.js';
import { UniqueViolationError, type SessionType, type Store, type UserRecord } from '../storage/types.js';
import { importGuilds } from './guild-import.js';
import { linkedUser } from './linked-users.js';
import type { UpstreamProvider, UpstreamSettings } from './provider-config.js';
import { UpstreamClient } from './upstream-client.js';
import type { UpstreamGuild, UpstreamUser } from './upstream-shapes.js';

export interface UpstreamLogin {
  /** A configured provider's name; may be left out when only one is configured. */
  provider?: string;
  code: string;
  redirectUri: string;
  codeVerifier?: string;
}

export interface LoginSessionOptions {
  type: Exclude<SessionType, 'api'>;
  ip: string | null;
  userAgent: string | null;
}

export class UpstreamLoginService {
  private readonly clients: Map<string, UpstreamClient>;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sessions: SessionsService,
    settings: UpstreamSettings,
    private readonly limits: Pick<Limits, 'upstreamLoginAddress' | 'upstreamLogin'>,
  ) {
    this.clients = new Map(settings.providers.map((provider) => [provider.name, new UpstreamClient(provider, settings.timeoutMs)]));
  }

  /** The named provider, or the only one configured when none is named; a 400 naming the field otherwise. */
  provider(name?: string): UpstreamProvider {
    const names = [...this.clients.keys()];
    if (names.length === 0) throw ApiError.invalidField('provider', 'no upstream provider is configured');
    if (name === undefined && names.length > 1) throw ApiError.invalidField('provider', `is required: several are configured (${names.join(', ')})`);
    const client = this.clients.get(name?.toLowerCase() ?? names[0]!);
    if (!client) throw ApiError.invalidField('provider', `is not a configured provider (${names.join(', ')})`);
    return client.provider;
  }

  /** The session an API login through this redirect URI gets: `app_login` only where the operator configured it. */
  sessionType(providerName: string | undefined, redirectUri: string): 'login' | 'app_login' {
    return this.provider(providerName).appLoginRedirectUris.includes(redirectUri) ? 'app_login' : 'login';
  }

  /**
   * Logs in with an upstream authorization code. The redirect URI is checked against the provider's allow-list before
   * anything is sent upstream; upstream failures are 502 (unavailable, bad response) or 400 (rejected) and leave no trace.
   */
  async login(input: UpstreamLogin, session: LoginSessionOptions): Promise<{ user: UserRecord; issued: IssuedSession }> {
    const provider = this.provider(input.provider);
    if (!provider.redirectUris.includes(input.redirectUri)) {
      throw ApiError.invalidField('redirect_uri', `is not an allowed redirect URI of the ${provider.name} provider`);
    }
    const client = this.clients.get(provider.name)!;
    await this.reserveUpstreamCall(session.ip);
    const grant = await client.exchangeCode(input.code, input.redirectUri, input.codeVerifier);
    const importsGuilds = (grant.scopes ?? provider.scopes).includes('guilds');
    const [user, guilds] = await Promise.all([client.fetchUser(grant.accessToken), importsGuilds ? client.fetchGuilds(grant.accessToken) : null]);
    return this.persist(provider.name, user, guilds, session);
  }

  /**
   * Counts the login against its address's limit, then against everyone's, before guildgate spends its own client
   * credentials upstream: bogus codes cannot get guildgate's client blocked by the provider. 429 beyond either.
   */
  private async reserveUpstreamCall(ip: string | null): Promise<void> {
    const now = this.clock.now();
    await this.limits.upstreamLoginAddress.enforce(ip ?? 'unknown', now, 'Too many upstream logins from this address; try again later');
    await this.limits.upstreamLogin.enforce('all', now, 'Too many upstream logins; try again later');
  }

  /** One transaction: no user without its link, no session without its user. A lost race to link or import is retried once. */
  private async persist(provider: string, upstream: UpstreamUser, guilds: UpstreamGuild[] | null, session: LoginSessionOptions) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.store.transaction(async (tx) => {
          const now = this.clock.now();
          const user = await linkedUser(tx, provider, upstream, now);
          if (user.state === 'banned') throw ApiError.forbidden('USER_BANNED', 'This account is banned');
          if (guilds) await importGuilds(tx, provider, user.id, guilds, now);
          const issued = this.sessions.newSession(user.id, session.type, { ip: session.ip, userAgent: session.userAgent });
          await tx.sessions.create(issued.session);
          return { user, issued };
        });
      } catch (error) {
        if (!(error instanceof UniqueViolationError) || attempt === 2) throw error;
      }
    }
  }
}
