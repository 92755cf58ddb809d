// The icon shown for a guild whose icon image guildgate does not hold (an imported guild's icon is the provider's
// hash; a guild made with a bare hash has no stored image): its initial on a colour taken from its id.
import { escapeHtml } from './html.js';

const COLOURS = ['#5865f2', '#57f287', '#fee75c', '#eb459e', '#ed4245'];

export function guildIconPlaceholder(guild: { id: string; name: string }): string {
  const initial = escapeHtml(Array.from(guild.name.trim())[0]?.toUpperCase() ?? '?');
  const colour = COLOURS[Number(BigInt(guild.id) % BigInt(COLOURS.length))];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128"><rect width="128" height="128" rx="64" fill="${colour}"/><text x="64" y="64" dy=".35em" text-anchor="middle" font-family="sans-serif" font-size="56" fill="#ffffff">${initial}</text></svg>`;
}
