// Compiles a TypeScript entry and the sources it imports into one JavaScript file under test-output/ (packages stay
// imports), once per test process: a worker thread or child process then loads it at once instead of compiling the
// sources through tsx on its own.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** esbuild as tsx itself resolves it (tsx compiles with it). */
const esbuild = createRequire(import.meta.resolve('tsx'))('esbuild') as typeof import('esbuild');

const OUT_DIR = fileURLToPath(new URL('../../test-output/compiled/', import.meta.url));
const compiled = new Map<string, Promise<string>>();

process.once('exit', () => {
  for (const name of fs.existsSync(OUT_DIR) ? fs.readdirSync(OUT_DIR) : []) {
    if (name.endsWith(`-${process.pid}.mjs`)) fs.rmSync(`${OUT_DIR}${name}`, { force: true });
  }
});

/** The path of `entry` (a file URL of a .ts module) compiled into one ES module of this process. */
export function compiledEntry(entry: URL): Promise<string> {
  let file = compiled.get(entry.href);
  if (!file) {
    const outfile = `${OUT_DIR}${fileURLToPath(entry).split('/').at(-1)!.replace(/\.ts$/, '')}-${process.pid}.mjs`;
    file = esbuild
      .build({ entryPoints: [fileURLToPath(entry)], outfile, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' })
      .then(() => outfile);
    compiled.set(entry.href, file);
  }
  return file;
}
