// Where a guild's icon is served: /icons/{guild.id}/{icon hash}, which answers for every guild that has an icon.

/** The full URL of a guild's icon, or null when it has none. */
export function guildIconUrl(issuer: string, guild: { id: string; icon: string | null }): string | null {
  return guild.icon === null ? null : `${issuer}/icons/${guild.id}/${guild.icon}`;
}
