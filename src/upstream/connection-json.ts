// A linked upstream account as a Discord connection object (GET /users/@me/connections, scope `connections`).
import type { LinkedIdentityRecord } from '../storage/types.js';

export interface ConnectionJson {
  id: string;
  name: string;
  type: string;
  verified: boolean;
  friend_sync: boolean;
  show_activity: boolean;
  two_way_link: boolean;
  /** 0: visible only to the user (Discord's "none"): guildgate shows links to no one else. */
  visibility: 0;
  revoked: boolean;
  integrations: never[];
}

/** `type` is the provider's name here (`discord` for the Discord preset); a link is made by a login, so it is verified. */
export function connectionJson(link: LinkedIdentityRecord): ConnectionJson {
  return {
    id: link.upstreamUserId,
    name: link.name ?? '',
    type: link.provider,
    verified: true,
    friend_sync: false,
    show_activity: false,
    two_way_link: false,
    visibility: 0,
    revoked: false,
    integrations: [],
  };
}
