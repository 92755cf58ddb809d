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
