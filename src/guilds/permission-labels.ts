// Guild permissions in plain words, as Discord's client names them, for the bot install page.
import { PERMISSIONS } from './permissions.js';

const LABELS: Record<keyof typeof PERMISSIONS, string> = {
  CREATE_INSTANT_INVITE: 'Create invites',
  KICK_MEMBERS: 'Kick members',
  BAN_MEMBERS: 'Ban members',
  ADMINISTRATOR: 'Administrator (every permission, in every channel)',
  MANAGE_CHANNELS: 'Manage channels',
  MANAGE_GUILD: 'Manage the server',
  ADD_REACTIONS: 'Add reactions',
  VIEW_AUDIT_LOG: 'View the audit log',
  PRIORITY_SPEAKER: 'Speak with priority',
  STREAM: 'Stream video',
  VIEW_CHANNEL: 'View channels',
  SEND_MESSAGES: 'Send messages',
  SEND_TTS_MESSAGES: 'Send text-to-speech messages',
  MANAGE_MESSAGES: "Manage other members' messages",
  EMBED_LINKS: 'Embed links',
  ATTACH_FILES: 'Attach files',
  READ_MESSAGE_HISTORY: 'Read message history',
  MENTION_EVERYONE: 'Mention @everyone, @here and all roles',
  USE_EXTERNAL_EMOJIS: 'Use emoji from other servers',
  VIEW_GUILD_INSIGHTS: 'View server insights',
  CONNECT: 'Connect to voice channels',
  SPEAK: 'Speak in voice channels',
  MUTE_MEMBERS: 'Mute members',
  DEAFEN_MEMBERS: 'Deafen members',
  MOVE_MEMBERS: 'Move members between voice channels',
  USE_VAD: 'Use voice activity detection',
  CHANGE_NICKNAME: 'Change its own nickname',
  MANAGE_NICKNAMES: "Change other members' nicknames",
  MANAGE_ROLES: 'Manage roles',
  MANAGE_WEBHOOKS: 'Manage webhooks',
  MANAGE_GUILD_EXPRESSIONS: 'Manage emoji, stickers and sounds',
  USE_APPLICATION_COMMANDS: 'Use application commands',
  REQUEST_TO_SPEAK: 'Request to speak on stage',
  MANAGE_EVENTS: 'Manage events',
  MANAGE_THREADS: 'Manage threads',
  CREATE_PUBLIC_THREADS: 'Create public threads',
  CREATE_PRIVATE_THREADS: 'Create private threads',
  USE_EXTERNAL_STICKERS: 'Use stickers from other servers',
  SEND_MESSAGES_IN_THREADS: 'Send messages in threads',
  USE_EMBEDDED_ACTIVITIES: 'Use activities',
  MODERATE_MEMBERS: 'Time out members',
  VIEW_CREATOR_MONETIZATION_ANALYTICS: 'View creator monetization analytics',
  USE_SOUNDBOARD: 'Use the soundboard',
  CREATE_GUILD_EXPRESSIONS: 'Create emoji, stickers and sounds',
  CREATE_EVENTS: 'Create events',
  USE_EXTERNAL_SOUNDS: 'Use sounds from other servers',
  SEND_VOICE_MESSAGES: 'Send voice messages',
  SEND_POLLS: 'Create polls',
  USE_EXTERNAL_APPS: 'Use external apps',
  PIN_MESSAGES: 'Pin messages',
  BYPASS_SLOWMODE: 'Bypass slowmode',
};

/** Each permission set in `bits`, lowest bit first, with its label. */
export function permissionLabels(bits: bigint): { bit: bigint; label: string }[] {
  return (Object.entries(PERMISSIONS) as [keyof typeof PERMISSIONS, bigint][])
    .filter(([, bit]) => (bits & bit) !== 0n)
    .map(([name, bit]) => ({ bit, label: LABELS[name] }));
}
