// How test code is bundled into plain JavaScript: the test files before a run (test/build.mjs), and the entries that
// test processes start as child processes or worker threads (helpers/compiled.ts). Packages stay imports, but two.
import { createRequire } from 'node:module';

/** esbuild as tsx itself resolves it (tsx compiles with it). */
export const esbuild = /** @type {typeof import('esbuild')} */ (createRequire(import.meta.resolve('tsx'))('esbuild'));

/**
 * Packages bundled in rather than imported: ES modules without dependencies that no other package loads (one copy in
 * a process either way), spread over some 1,000 files that each process or thread would otherwise resolve and load
 * one by one (~0.4 s of CPU each).
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

/** @satisfies {import('esbuild').BuildOptions} */
export const BUNDLING = {
  bundle: true,
  platform: /** @type {const} */ ('node'),
  format: /** @type {const} */ ('esm'),
  target: 'node20',
  plugins: [packagesImported],
  logLevel: /** @type {const} */ ('warning'),
};
