// Bundles every test file, with the sources and helpers it imports (packages stay imports, but two), into JavaScript
// under test-output/suite/ (mirroring test/; the code files share lands in chunks/), in one esbuild run: `npm test`
// then runs plain JavaScript, without a TypeScript loader compiling some 300 modules again in each test process. The
// source maps (run with --enable-source-maps) point failures and test locations at the .ts lines.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** esbuild as tsx itself resolves it (tsx compiles with it). */
const esbuild = /** @type {typeof import('esbuild')} */ (createRequire(import.meta.resolve('tsx'))('esbuild'));

const OUT_DIR = 'test-output/suite';

/**
 * Packages bundled in rather than imported: ES modules without dependencies that no other package loads (one copy in
 * a process either way), spread over some 1,000 files that each test process would otherwise resolve and load one by
 * one (~0.4 s of CPU a process).
 */
const INLINED = new Set(['typebox', 'kysely']);

/** @type {import('esbuild').Plugin} Every other package (and node: module) stays an import. */
const packagesImported = {
  name: 'packages-imported',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => {
      const name = specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/');
      return INLINED.has(name) ? undefined : { external: true };
    });
  },
};

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const testFiles = fs
  .readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => path.join('test', file));

fs.rmSync(OUT_DIR, { recursive: true, force: true });
await esbuild.build({
  entryPoints: testFiles,
  outbase: 'test',
  outdir: OUT_DIR,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [packagesImported],
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
});
