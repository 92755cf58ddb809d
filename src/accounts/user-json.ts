// The JSON form of a user; email and verified only when the caller may see them.
import type { UserRecord } from '../storage/types.js';

/** A user as the API shows it (seed 002 User); `email` and `verified` only with the `email` scope or to the user. */
export interface UserJson {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot: boolean;
  system: boolean;
  flags: number;
  email?: string | null;
  verified?: boolean;
}

export function userJson(user: UserRecord, withEmail: boolean): UserJson {
  const json: UserJson = {
    id: user.id,
    username: user.username,
    discriminator: user.discriminator,
    global_name: user.globalName,
    avatar: user.avatar,
    bot: user.bot,
    system: user.system,
    flags: user.flags,
  };
  if (withEmail) {
    json.email = user.email;
    json.verified = user.verified;
  }
  return json;
}

/** Discord's default avatar colors (blurple, grey, green, yellow, red, pink) as 24-bit RGB integers. */
const DEFAULT_AVATAR_COLORS = [0x5865f2, 0x757e8a, 0x3ba55c, 0xfaa61a, 0xed4245, 0xeb459e] as const;

/** Seed 002 `avatar_color`, the user's default avatar color: Discord's default avatar index, `(id >> 22) % 6`. */
export function defaultAvatarColor(user: UserRecord): number {
  return DEFAULT_AVATAR_COLORS[Number((BigInt(user.id) >> 22n) % 6n)]!;
}
