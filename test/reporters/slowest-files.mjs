// A node:test reporter that prints, when the run ends, the ten test files whose tests and hooks took longest (process start left out).
import path from 'node:path';

const SHOWN = 10;
const HELPERS = `${path.sep}test${path.sep}helpers${path.sep}`;

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
    if (data.nesting !== 0) {
      if (!data.file.includes(HELPERS)) lastNestedFile = data.file;
      continue;
    }
    const file = data.file.includes(HELPERS) ? (lastNestedFile ?? data.file) : data.file;
    durations.set(file, (durations.get(file) ?? 0) + (data.details?.duration_ms ?? 0));
  }
  const slowest = [...durations].sort(([, a], [, b]) => b - a).slice(0, SHOWN);
  if (slowest.length === 0) return;
  yield '\nslowest test files:\n';
  for (const [file, ms] of slowest) yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${path.relative(process.cwd(), file)}\n`;
}
