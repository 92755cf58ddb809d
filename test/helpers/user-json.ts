// The JSON of a user who registered with a name and password only: no global name, avatar, flags or email yet.

interface Named {
  id: string;
  username: string;
}

/** The user as events and /users/@me without the email scope show it. */
export function newUserJson(user: Named) {
  return { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null, bot: false, system: false, flags: 0 };
}

/** The user as a session, or a token with the email scope, reads it at /users/@me. */
export function newUserJsonWithEmail(user: Named) {
  return { ...newUserJson(user), email: null, verified: false };
}
