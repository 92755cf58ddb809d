// Application event types and Discord-shaped webhook bodies: PING (type 0) and events (type 1) with their data.
import type { GuildJson } from '../guilds/guild-json.js';
import type { UserJson } from '../accounts/user-json.js';

export const EVENT_TYPES = ['APPLICATION_AUTHORIZED', 'APPLICATION_DEAUTHORIZED', 'INTEGRATION_CREATED', 'INTEGRATION_REMOVED'] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export type EventGuild = GuildJson;

/** The `data` of each event type, as Discord shapes it. */
export interface EventData {
  /** A user authorized the app: integration_type 0 for a guild install (with `guild`), 1 for a user install. */
  APPLICATION_AUTHORIZED: { integration_type: 0 | 1; user: UserJson; scopes: string[]; guild?: EventGuild };
  APPLICATION_DEAUTHORIZED: { user: UserJson };
  /** The app was installed into a guild by `user`. */
  INTEGRATION_CREATED: { guild: EventGuild; user: UserJson; scopes: string[]; permissions: string };
  /** The app was removed from a guild (by `user`, when a user did it). */
  INTEGRATION_REMOVED: { guild: EventGuild; user?: UserJson };
}

export const WEBHOOK_TYPE = { PING: 0, EVENT: 1 } as const;

export function pingBody(applicationId: string): string {
  return JSON.stringify({ version: 1, application_id: applicationId, type: WEBHOOK_TYPE.PING });
}

/** The delivered body of one event; `id` lets receivers drop repeats of an at-least-once delivery. */
export function eventBody<T extends EventType>(id: string, applicationId: string, type: T, timestamp: string, data: EventData[T]): string {
  return JSON.stringify({ version: 1, id, application_id: applicationId, type: WEBHOOK_TYPE.EVENT, event: { type, timestamp, data } });
}
