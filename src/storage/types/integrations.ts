// The integration store: applications installed into guilds.
import type { ApplicationRecord } from './applications.js';
import type { UserRecord } from './users.js';

/** An application installed into a guild: its bot is a member holding `permissions`. */
export interface IntegrationRecord {
  /** New for each install; kept when the application is installed again over an existing install. */
  id: string;
  guildId: string;
  applicationId: string;
  permissions: bigint;
  scopes: string[];
  /** The user who installed it (last), or null once that user is deleted. */
  installedBy: string | null;
  installedAt: number;
}

export interface IntegrationStore {
  /**
   * Creates the install, or updates permissions, scopes, installer and time of the existing one (keeping its id);
   * returns it.
   */
  upsert(integration: IntegrationRecord): Promise<IntegrationRecord>;
  find(guildId: string, applicationId: string): Promise<IntegrationRecord | null>;
  /** The guild's installs with their applications and bot users, oldest first. */
  listByGuild(guildId: string): Promise<{ integration: IntegrationRecord; application: ApplicationRecord; bot: UserRecord }[]>;
  /**
   * Deletes the install; codes and tokens bound to it lose their integration_id in the same statement. Returns the
   * deleted record, or null when there was none.
   */
  delete(guildId: string, applicationId: string): Promise<IntegrationRecord | null>;
}
