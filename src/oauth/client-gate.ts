// Client authentication under limits: failures count per address and per claimed client, so strangers cannot lock a
// client out, and a client's request budget counts only requests in which it proved who it is.
import type { Clock } from '../clock.js';
import { OAuthError } from '../errors/oauth-error.js';
import type { Limits } from '../limits/limits.js';
import type { ApplicationStore } from '../storage/types.js';
import { authenticateClient, claimedClientId, type AuthenticatedClient, type ClientCredentialsInput } from './client-auth.js';
import type { ClientCache } from './client-cache.js';

export interface GatedClient {
  client: AuthenticatedClient;
  /** X-RateLimit-* headers of the client's request budget (none when GUILDGATE_RATE_LIMIT=off). */
  headers: Record<string, string>;
}

type GateLimits = Pick<Limits, 'clientAuthFailuresPerAddress' | 'clientAuthFailuresPerClient' | 'oauthPerClient'>;

const isAuthenticationFailure = (error: unknown) => error instanceof OAuthError && error.error === 'invalid_client';

export class ClientGate {
  constructor(
    private readonly limits: GateLimits,
    private readonly applications: ApplicationStore,
    private readonly clock: Clock,
    private readonly cache?: ClientCache,
  ) {}

  /**
   * Authenticates the client of `credentials` at `endpoint` from `address`. An address past its failure ceiling is
   * refused before anything is checked. Checking is one digest comparison, so a failure is counted after it: a success
   * must count nothing. A failure naming a client past that client's (higher) ceiling answers 429 instead of 401; the
   * right secret is never refused for it. Then the authenticated client spends one request of its budget.
   */
  async authenticate(credentials: ClientCredentialsInput, address: string, endpoint: string): Promise<GatedClient> {
    const now = this.clock.now();
    const failures = this.limits.clientAuthFailuresPerAddress;
    const fromAddress = await failures.peek(address);
    if (!fromAddress.allowed) throw failures.refusal(fromAddress, now, 'Too many failed client authentications from this address; try again later');
    let client: AuthenticatedClient;
    try {
      client = await authenticateClient(credentials, this.applications, this.cache);
    } catch (error) {
      if (isAuthenticationFailure(error)) await this.countFailure(credentials, address, now);
      throw error;
    }
    return { client, headers: await this.spend(client, endpoint, now) };
  }

  private async countFailure(credentials: ClientCredentialsInput, address: string, now: number): Promise<void> {
    await this.limits.clientAuthFailuresPerAddress.consume(address);
    const clientId = claimedClientId(credentials);
    if (clientId === undefined) return;
    const perClient = this.limits.clientAuthFailuresPerClient;
    const naming = await perClient.consume(clientId);
    if (!naming.allowed) throw perClient.refusal(naming, now, 'Too many failed client authentications for this client; try again later');
  }

  private async spend(client: AuthenticatedClient, endpoint: string, now: number): Promise<Record<string, string>> {
    const budget = this.limits.oauthPerClient;
    if (!budget) return {};
    const state = await budget.enforce(`${endpoint}:${client.application.id}`, now, 'You are being rate limited');
    return budget.stateHeaders(state, now);
  }
}
