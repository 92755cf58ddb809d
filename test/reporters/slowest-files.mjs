// A node:test reporter that prints, when the run ends, the ten test files whose tests and hooks took longest (process start left out).
import path from 'node:path';

const SHOWN = 10;

/** @param {AsyncIterable<{ type: string, data: { nesting?: number, file?: string, details?: { duration_ms?: number } } }>} source */
export default async function* slowestFiles(source) {
  const durations = new Map();
  for await (const { type, data } of source) {
    if ((type !== 'test:pass' && type !== 'test:fail') || data.nesting !== 0 || !data.file) continue;
    durations.set(data.file, (durations.get(data.file) ?? 0) + (data.details?.duration_ms ?? 0));
  }
  const slowest = [...durations].sort(([, a], [, b]) => b - a).slice(0, SHOWN);
  if (slowest.length === 0) return;
  yield '\nslowest test files:\n';
  for (const [file, ms] of slowest) yield `${(ms / 1000).toFixed(1).padStart(7)} s  ${path.relative(process.cwd(), file)}\n`;
}
