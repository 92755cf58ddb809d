// Integrations: installing an application's bot into a guild (a member with the granted permissions), listing and
// removing installs, and the guild access of OAuth2 tokens bound to an install. Events go out in the same transaction.
import { randomUUID } from 'node:crypto';
import { userJson } from '../accounts/user-json.js';
import type { Clock } from '../clock.js';
import { ApiError } from '../errors/api-error.js';
import type { ApplicationRecord, GuildRecord, IntegrationRecord, OAuthTokenRecord, Store, Tx, UserRecord } from '../storage/types.js';
import type { EventsService } from '../webhooks/events-service.js';
import { guildJson } from './guild-json.js';
import type { GuildsService } from './guilds-service.js';
import { holdsAll } from './permissions.js';

export interface InstallRequest {
  application: ApplicationRecord;
  /** The user installing: a manager of the guild, and the application's owner unless its bot is public. */
  user: UserRecord;
  guildId: string | null;
  permissions: bigint;
  scopes: string[];
}

export interface Installed {
  integration: IntegrationRecord;
  guild: GuildRecord;
}

export interface IntegrationWithApplication {
  integration: IntegrationRecord;
  application: ApplicationRecord;
  bot: UserRecord;
}

/** bot_public false: only the application's owner may install its bot (403 BOT_NOT_PUBLIC for anyone else). */
function checkMayInstall(application: ApplicationRecord, user: UserRecord): void {
  if (!application.botPublic && user.id !== application.ownerId) {
    throw ApiError.forbidden('BOT_NOT_PUBLIC', 'Only the owner of this application can add its bot to a guild');
  }
}

export class IntegrationsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly guilds: GuildsService,
    private readonly events: Pick<EventsService, 'enqueue'>,
  ) {}

  /**
   * Installs the application's bot into the guild, or updates the existing install (permissions, scopes, installer
   * and time; its id stays, so codes and tokens of that install keep their guild access). Run it inside the caller's
   * transaction: every refusal is thrown before anything is written.
   */
  async install(tx: Tx, request: InstallRequest): Promise<Installed> {
    const { application, user, guildId, permissions, scopes } = request;
    checkMayInstall(application, user);
    if (guildId === null) throw ApiError.invalidField('guild_id', 'choose the guild to add the bot to');
    const { guild, actor } = await this.guilds.managedGuild(tx, user.id, guildId, 'Adding a bot needs MANAGE_GUILD in that guild');
    // As for members: every bit that changes (granted, or taken from an installed bot) must be the actor's own.
    const installed = await tx.integrations.find(guildId, application.id);
    if (!holdsAll(actor, permissions ^ (installed?.permissions ?? 0n))) {
      throw ApiError.forbidden('MISSING_PERMISSIONS', 'You cannot grant or revoke bot permissions you do not have');
    }
    const now = this.clock.now();
    const integration = await tx.integrations.upsert({
      id: randomUUID(),
      guildId,
      applicationId: application.id,
      permissions,
      scopes,
      installedBy: user.id,
      installedAt: now,
    });
    const botId = application.botUserId;
    if (!(await tx.guilds.updateMember(guildId, botId, permissions))) {
      await tx.guilds.addMember({ guildId, userId: botId, permissions, joinedAt: now });
    }
    await this.events.enqueue(tx, application.id, 'INTEGRATION_CREATED', {
      guild: guildJson(guild),
      user: userJson(user, false),
      scopes,
      permissions: permissions.toString(),
    });
    return { integration, guild };
  }

  /**
   * The guilds the user may install the application's bot into (those the user manages), for the install page; 403
   * when the user may not install it at all, or when the fixed guild (disable_guild_select) is not one of them.
   */
  async installChoices(application: ApplicationRecord, user: UserRecord, fixedGuildId: string | null): Promise<GuildRecord[]> {
    checkMayInstall(application, user);
    const guilds = await this.guilds.listManaged(user.id);
    if (fixedGuildId !== null && !guilds.some((guild) => guild.id === fixedGuildId)) {
      throw ApiError.forbidden('MISSING_PERMISSIONS', 'You need the Manage Server permission in that server to add a bot to it');
    }
    return guilds;
  }

  /** The guild's installs, for its managers. */
  async list(actorId: string, guildId: string): Promise<IntegrationWithApplication[]> {
    await this.guilds.managedGuild(this.store, actorId, guildId, 'Listing integrations needs MANAGE_GUILD');
    return this.store.integrations.listByGuild(guildId);
  }

  /**
   * Removes an install (managers holding every permission the bot was granted, as for members): the bot stops being a
   * member, codes and tokens bound to the install lose their guild access, and INTEGRATION_REMOVED goes out, all in one
   * transaction. 404 UNKNOWN_INTEGRATION when not installed.
   */
  async remove(actor: UserRecord, guildId: string, applicationId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      const { guild, actor: membership } = await this.guilds.managedGuild(tx, actor.id, guildId, 'Removing an integration needs MANAGE_GUILD');
      const application = await tx.applications.findById(applicationId);
      const installed = application && (await tx.integrations.find(guildId, applicationId));
      if (!application || !installed) throw ApiError.notFound('integration');
      if (!holdsAll(membership, installed.permissions)) {
        throw ApiError.forbidden('MISSING_PERMISSIONS', 'You cannot remove a bot holding permissions you do not have');
      }
      if (!(await tx.integrations.delete(guildId, applicationId))) throw ApiError.notFound('integration');
      await tx.guilds.removeMember(guildId, application.botUserId);
      await this.events.enqueue(tx, applicationId, 'INTEGRATION_REMOVED', { guild: guildJson(guild), user: userJson(actor, false) });
    });
  }

  /** The guild the application is installed in, when the viewer is one of its members; else null (confirmation page). */
  async installedGuildFor(viewerId: string, guildId: string, applicationId: string): Promise<GuildRecord | null> {
    const [integration, member] = await Promise.all([this.store.integrations.find(guildId, applicationId), this.store.guilds.findMember(guildId, viewerId)]);
    return integration && member ? this.store.guilds.findById(guildId) : null;
  }

  /**
   * The guild, for an OAuth2 access token: only the guild of the install the token came from, while that install is
   * in place (removing it clears the token's integration id). Anything else is 403 MISSING_ACCESS.
   */
  async guildForToken(token: OAuthTokenRecord, guildId: string): Promise<GuildRecord> {
    const guild = await this.store.guilds.findById(guildId);
    if (!guild) throw ApiError.notFound('guild');
    if (token.guildId !== guildId || token.integrationId === null) throw ApiError.forbidden('MISSING_ACCESS', 'This token has no access to this guild');
    return guild;
  }
}
