// Bundles every test file, with the sources and helpers it imports, into JavaScript under test-output/suite/
// (mirroring test/; the code files share lands in chunks/), in one esbuild run: `npm test` then runs plain JavaScript,
// without a TypeScript loader compiling some 300 modules again in each test process. The source maps (run with
// --enable-source-maps) point failures and test locations at the .ts lines.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLING, esbuild } from './bundling.mjs';

const OUT_DIR = 'test-output/suite';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));

const testFiles = fs
  .readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => path.join('test', file));

fs.rmSync(OUT_DIR, { recursive: true, force: true });
await esbuild.build({
  ...BUNDLING,
  entryPoints: testFiles,
  outbase: 'test',
  outdir: OUT_DIR,
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  sourcemap: true,
  sourcesContent: false,
});
