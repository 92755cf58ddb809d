// Guild permissions: Discord's 64-bit permission bitfield as BigInt, parsing of decimal strings, and who may manage a guild.

/** Discord's documented permission flags (https://discord.com/developers/docs/topics/permissions). */
export const PERMISSIONS = {
  CREATE_INSTANT_INVITE: 1n << 0n,
  KICK_MEMBERS: 1n << 1n,
  BAN_MEMBERS: 1n << 2n,
  ADMINISTRATOR: 1n << 3n,
  MANAGE_CHANNELS: 1n << 4n,
  MANAGE_GUILD: 1n << 5n,
  ADD_REACTIONS: 1n << 6n,
  VIEW_AUDIT_LOG: 1n << 7n,
  PRIORITY_SPEAKER: 1n << 8n,
  STREAM: 1n << 9n,
  VIEW_CHANNEL: 1n << 10n,
  SEND_MESSAGES: 1n << 11n,
  SEND_TTS_MESSAGES: 1n << 12n,
  MANAGE_MESSAGES: 1n << 13n,
  EMBED_LINKS: 1n << 14n,
  ATTACH_FILES: 1n << 15n,
  READ_MESSAGE_HISTORY: 1n << 16n,
  MENTION_EVERYONE: 1n << 17n,
  USE_EXTERNAL_EMOJIS: 1n << 18n,
  VIEW_GUILD_INSIGHTS: 1n << 19n,
  CONNECT: 1n << 20n,
  SPEAK: 1n << 21n,
  MUTE_MEMBERS: 1n << 22n,
  DEAFEN_MEMBERS: 1n << 23n,
  MOVE_MEMBERS: 1n << 24n,
  USE_VAD: 1n << 25n,
  CHANGE_NICKNAME: 1n << 26n,
  MANAGE_NICKNAMES: 1n << 27n,
  MANAGE_ROLES: 1n << 28n,
  MANAGE_WEBHOOKS: 1n << 29n,
  MANAGE_GUILD_EXPRESSIONS: 1n << 30n,
  USE_APPLICATION_COMMANDS: 1n << 31n,
  REQUEST_TO_SPEAK: 1n << 32n,
  MANAGE_EVENTS: 1n << 33n,
  MANAGE_THREADS: 1n << 34n,
  CREATE_PUBLIC_THREADS: 1n << 35n,
  CREATE_PRIVATE_THREADS: 1n << 36n,
  USE_EXTERNAL_STICKERS: 1n << 37n,
  SEND_MESSAGES_IN_THREADS: 1n << 38n,
  USE_EMBEDDED_ACTIVITIES: 1n << 39n,
  MODERATE_MEMBERS: 1n << 40n,
  VIEW_CREATOR_MONETIZATION_ANALYTICS: 1n << 41n,
  USE_SOUNDBOARD: 1n << 42n,
  CREATE_GUILD_EXPRESSIONS: 1n << 43n,
  CREATE_EVENTS: 1n << 44n,
  USE_EXTERNAL_SOUNDS: 1n << 45n,
  SEND_VOICE_MESSAGES: 1n << 46n,
  SEND_POLLS: 1n << 49n,
  USE_EXTERNAL_APPS: 1n << 50n,
  PIN_MESSAGES: 1n << 51n,
  BYPASS_SLOWMODE: 1n << 52n,
} as const;

/** Every known flag; unknown bits are masked off with it. */
export const ALL_PERMISSIONS = Object.values(PERMISSIONS).reduce((all, bit) => all | bit, 0n);

const MAX_BITFIELD = (1n << 64n) - 1n;

export class InvalidPermissionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPermissionsError';
  }
}

/** Parses a decimal permission bitfield (0 to 2^64-1, at most 20 digits) and drops unknown bits. */
export function parsePermissions(value: string): bigint {
  if (!/^[0-9]{1,20}$/.test(value)) throw new InvalidPermissionsError('must be a decimal integer string of at most 20 digits');
  const bits = BigInt(value);
  if (bits > MAX_BITFIELD) throw new InvalidPermissionsError('must fit in 64 bits');
  return bits & ALL_PERMISSIONS;
}

export interface Membership {
  ownerId: string;
  userId: string;
  permissions: bigint;
}

/** What a member may do: everything for the owner and for ADMINISTRATOR, else the granted bits. */
export function effectivePermissions(member: Membership): bigint {
  if (member.userId === member.ownerId || (member.permissions & PERMISSIONS.ADMINISTRATOR) !== 0n) return ALL_PERMISSIONS;
  return member.permissions & ALL_PERMISSIONS;
}

/** True when the member holds every bit of `bits` (so it may grant or revoke them). */
export function holdsAll(member: Membership, bits: bigint): boolean {
  return (effectivePermissions(member) & bits) === bits;
}

/** Owners, administrators and holders of MANAGE_GUILD manage members. */
export function canManage(member: Membership): boolean {
  return holdsAll(member, PERMISSIONS.MANAGE_GUILD);
}
