// Guild import: a user's upstream guilds become local guilds (same ids) and memberships with the upstream permissions, refreshed at each login.
import type { Tx } from '../storage/types.js';
import { providerAccount } from './linked-users.js';
import type { UpstreamGuild } from './upstream-shapes.js';

/**
 * Makes the user's memberships in `provider`'s guilds match the upstream list: missing guilds are created under
 * their upstream id, names, icons and owners follow the provider, permissions are replaced, and memberships the
 * user no longer has are removed. Guilds created here or imported from another provider are never touched (an
 * upstream guild whose id one of them holds is skipped). Run it inside the login's transaction.
 */
export async function importGuilds(tx: Tx, provider: string, userId: string, upstream: UpstreamGuild[], now: number): Promise<void> {
  const current = new Map(
    (await tx.guilds.listForUser(userId)).filter(({ guild }) => guild.sourceProvider === provider).map((entry) => [entry.guild.id, entry]),
  );
  let placeholder: string | null = null;
  // An imported guild whose upstream owner has not logged in here belongs to the provider's system user.
  const providerOwner = async () => (placeholder ??= await providerAccount(tx, provider, now));

  const listed = new Set<string>();
  for (const item of upstream) {
    if (listed.has(item.id)) continue;
    listed.add(item.id);
    const known = current.get(item.id);
    const guild = known?.guild ?? (await tx.guilds.findById(item.id));
    if (guild && guild.sourceProvider !== provider) continue;
    const ownerId = item.owner ? userId : guild && guild.ownerId !== userId ? guild.ownerId : await providerOwner();
    if (!guild) {
      await tx.guilds.create({ id: item.id, name: item.name, icon: item.icon, ownerId, createdAt: now, sourceProvider: provider });
    } else if (guild.name !== item.name || guild.icon !== item.icon || guild.ownerId !== ownerId) {
      await tx.guilds.update(item.id, { name: item.name, icon: item.icon, ownerId });
    }
    if (!known) {
      await tx.guilds.addMember({ guildId: item.id, userId, permissions: item.permissions, joinedAt: now });
    } else if (known.member.permissions !== item.permissions) {
      await tx.guilds.updateMember(item.id, userId, item.permissions);
    }
  }

  for (const { guild } of current.values()) {
    if (listed.has(guild.id)) continue;
    await tx.guilds.removeMember(guild.id, userId);
    if (guild.ownerId === userId) await tx.guilds.update(guild.id, { ownerId: await providerOwner() });
  }
}
