// Migration 0013: the upstream account's name on its linked identity (the `name` of a Discord connection object).
import type { PortableMigration } from './index.js';

export const compat: PortableMigration = () => ({
  async up(db) {
    // Null for links made before this column, until that account's next login fills it.
    await db.schema.alterTable('linked_identities').addColumn('name', 'text').execute();
  },
});
