// Compiles a TypeScript entry and the sources it imports into one JavaScript file under test-output/ (bundled as
// test/bundling.mjs says), once per test process: a worker thread or child process then loads it at once instead of
// compiling the sources through tsx on its own.
import fs from 'node:fs';
import path from 'node:path';
import { BUNDLING, esbuild } from '../bundling.mjs';
import { repoPath } from './repo-root.js';

const OUT_DIR = repoPath('test-output/compiled/');
const compiled = new Map<string, Promise<string>>();

process.once('exit', () => {
  for (const name of fs.existsSync(OUT_DIR) ? fs.readdirSync(OUT_DIR) : []) {
    if (name.endsWith(`-${process.pid}.mjs`)) fs.rmSync(`${OUT_DIR}${name}`, { force: true });
  }
});

/** The path of `entry` (a .ts module, from the repository's root) compiled into one ES module of this process. */
export function compiledEntry(entry: string): Promise<string> {
  let file = compiled.get(entry);
  if (!file) {
    const outfile = `${OUT_DIR}${path.basename(entry, '.ts')}-${process.pid}.mjs`;
    file = esbuild.build({ ...BUNDLING, entryPoints: [repoPath(entry)], outfile }).then(() => outfile);
    compiled.set(entry, file);
  }
  return file;
}
