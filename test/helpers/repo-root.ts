// The repository's root folder, found from this module upwards: the same from the sources as from the test bundles
// that `npm test` runs from test-output/suite/ (where this module is inlined in another file).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function rootAbove(dir: string): string {
  if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
  const parent = path.dirname(dir);
  if (parent === dir) throw new Error('no package.json above the test files');
  return rootAbove(parent);
}

export const REPO_ROOT = rootAbove(path.dirname(fileURLToPath(import.meta.url)));

/** The absolute path of `relative` (a path from the repository's root). */
export function repoPath(relative: string): string {
  return path.join(REPO_ROOT, relative);
}
