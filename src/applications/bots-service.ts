// Bot users: one per application, created with it; token reset, profile changes and `Authorization: Bot` lookups.
import type { Clock } from '../clock.js';
import { digestToken, generateToken } from '../crypto/tokens.js';
import { ApiError } from '../errors/api-error.js';
import { newId } from '../ids.js';
import type { ImagesService } from '../images/images-service.js';
import { UniqueViolationError, type Store, type Tx, type UserRecord } from '../storage/types.js';
import { botUsernameFor, randomDiscriminator } from './bot-usernames.js';
import { findOwnedApplication, unknownApplication, type ApplicationWithBot } from './ownership.js';

/** BotFlags (seed 002): the only bits a bot's owner may set. */
export const BOT_FLAGS = { FRIENDLY_BOT: 16, FRIENDLY_BOT_MANUAL_APPROVAL: 32 } as const;
const BOT_FLAGS_MASK = BOT_FLAGS.FRIENDLY_BOT | BOT_FLAGS.FRIENDLY_BOT_MANUAL_APPROVAL;

/** Random discriminators tried before giving up on a crowded username (9999 exist per name). */
const DISCRIMINATOR_ATTEMPTS = 20;

export interface BotProfileChange {
  username?: string;
  discriminator?: string;
  bio?: string | null;
  botFlags?: number;
  /** Base64 data URIs; null removes the image. */
  avatar?: string | null;
  banner?: string | null;
}

export class BotsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly images: ImagesService,
  ) {}

  /** Creates the bot user of a new application (inside the caller's transaction), retrying taken discriminators. */
  async createBotUser(tx: Tx, applicationName: string): Promise<UserRecord> {
    const username = botUsernameFor(applicationName);
    for (let attempt = 0; attempt < DISCRIMINATOR_ATTEMPTS; attempt++) {
      const bot = await tx.users.createUnlessTaken({
        id: newId(),
        username,
        discriminator: randomDiscriminator(),
        globalName: null,
        avatar: null,
        email: null,
        verified: false,
        flags: 0,
        bot: true,
        system: false,
        admin: false,
        state: 'normal',
        passwordHash: null,
        createdAt: this.clock.now(),
      });
      if (bot) return bot;
    }
    throw ApiError.conflict('USERNAME_TAKEN', `No free discriminator found for the bot username "${username}"; choose another application name`);
  }

  /** A new bot token (shown once); the old one stops working at once. */
  async resetToken(ownerId: string, applicationId: string): Promise<{ bot: UserRecord; token: string }> {
    const token = generateToken('bot');
    const botTokenDigest = digestToken(token);
    return this.store.transaction(async (tx) => {
      const { application, bot } = await findOwnedApplication(tx, ownerId, applicationId);
      await tx.applications.update(application.id, { botTokenDigest });
      return { bot, token };
    });
  }

  async updateProfile(ownerId: string, applicationId: string, change: BotProfileChange): Promise<UserRecord> {
    if (change.botFlags !== undefined && (change.botFlags & ~BOT_FLAGS_MASK) !== 0) {
      throw ApiError.invalidField('bot_flags', 'only FRIENDLY_BOT (16) and FRIENDLY_BOT_MANUAL_APPROVAL (32) may be set');
    }
    const avatar = await this.images.decode(ownerId, change.avatar, 'avatar');
    const banner = await this.images.decode(ownerId, change.banner, 'banner');
    return this.store.transaction(async (tx) => {
      const { bot } = await findOwnedApplication(tx, ownerId, applicationId);
      let updated: UserRecord | null;
      try {
        updated = await tx.users.update(bot.id, {
          username: change.username,
          discriminator: change.discriminator,
          bio: change.bio,
          flags: change.botFlags,
          avatar: await this.images.save(tx, avatar),
          banner: await this.images.save(tx, banner),
        });
      } catch (error) {
        if (error instanceof UniqueViolationError) throw ApiError.conflict('USERNAME_TAKEN', 'That username and discriminator are taken');
        throw error;
      }
      if (!updated) throw unknownApplication();
      return updated;
    });
  }

  /** The application and bot user a presented bot token belongs to, or null. */
  authenticate(token: string): Promise<ApplicationWithBot | null> {
    return this.store.applications.findByBotTokenDigest(digestToken(token));
  }
}
