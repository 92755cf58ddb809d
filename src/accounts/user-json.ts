// The JSON form of a user; email and verified only when the caller may see them.
import type { UserJson } from '../http/schemas/common.js';
import type { UserRecord } from '../storage/types.js';

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
