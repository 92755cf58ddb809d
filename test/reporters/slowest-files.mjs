// A node:test reporter that prints, when the run ends, the ten test files whose tests and hooks took longest (process start left out).
import path from 'node:path';

const SHOWN = 10;
const HELPERS = `${path.sep}test${path.sep}helpers${path.sep}`;
const BUNDLES = `${path.sep}test-output${path.sep}suite${path.sep}`;

/**
 * The test file a reported file stands for: `npm test` runs the bundles of test-output/suite/ (see test/build.mjs),
 * whose source maps name the .ts files, except for a bundle that failed as a whole.
 * @param {string} file
 */
function sourceOf(file) {
  const at = file.lastIndexOf(BUNDLES);
  if (at === -1) return file;
  return path.join(file.slice(0, at), 'test', file.slice(at + BUNDLES.length).replace(/\.js$/, '.ts'));
}

/**
 * A top-level test declared by a helper (forEachDialect's describe) is located in the helper; its time belongs to the
 * file of its own tests, which report just before it does.
 * @param {AsyncIterable<{ type: string, data: { nesting?: number, file?: string, details?: { duration_ms?: number } } }>} source
 */
export default async function* slowestFiles(source) {
  const durations = new Map();
  let lastNestedFile;
  for await (const { type, data } of source) {
    if ((type !== 'test:pass' && type !== 'test:fail') || !data.file) continue;
    const reported = sourceOf(data.file);
    if (data.nesting !== 0) {
      if (!reported.includes(HELPERS)) lastNestedFile = reported;
      continue;
    }
    const file = reported.includes(HELPERS) ? (lastNestedFile ?? reported) : reported;
    durations.set(file, (durations.get(file) ?? 0) + (data.details?.duration_ms ?? 0));
  }
  const slowest = [...durations].sort(([, a], [, b]) => b - a).slice(0, SHOWN);
  if (slowest.length === 0) return;
  yield '\nslowest test files:\n';
  for (const [file, ms] of slowest) yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${path.relative(process.cwd(), file)}\n`;
}
