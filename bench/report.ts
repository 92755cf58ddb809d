// Results: a table on stdout (each figure with its ratio to the bare server, the peer and plain Fastify) and a JSON file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Row, Summary } from './runner.js';

type Figure = 'rps' | 'p50Ms' | 'p99Ms' | 'rssMb';
const FIGURES: Figure[] = ['rps', 'p50Ms', 'p99Ms', 'rssMb'];
const NOTE_CHARS = 140;

export type Ratios = Record<'bare' | 'peer' | 'fastify', Partial<Record<Figure, number>>>;

function ratiosTo(summary: Summary | undefined, reference: Summary | undefined): Partial<Record<Figure, number>> {
  const out: Partial<Record<Figure, number>> = {};
  if (summary === undefined || reference === undefined) return out;
  for (const f of FIGURES) {
    const value = summary[f];
    const ref = reference[f];
    if (value !== undefined && ref !== undefined && ref > 0) out[f] = value / ref;
  }
  return out;
}

/** Ratios of a row's figures to the bare server (users-me scenario), and to the peer and plain Fastify of the same scenario. */
export function ratios(row: Row, rows: Row[]): Ratios {
  const bare = rows.find((r) => r.kind === 'bare' && r.summary !== undefined);
  const sameScenario = (kind: Row['kind']) => rows.find((r) => r.kind === kind && r.scenario === row.scenario && r.summary !== undefined);
  const peer = sameScenario('peer');
  const fastify = sameScenario('fastify');
  return {
    bare: row === bare ? {} : ratiosTo(row.summary, bare?.summary),
    peer: row === peer ? {} : ratiosTo(row.summary, peer?.summary),
    fastify: row === fastify ? {} : ratiosTo(row.summary, fastify?.summary),
  };
}

function cell(value: number | undefined, digits: number, ratio: Ratios, figure: Figure): string {
  if (value === undefined) return '-';
  const text = value.toFixed(digits);
  const parts = [ratio.bare[figure], ratio.peer[figure], ratio.fastify[figure]]
    .map((r, i) => (r === undefined ? '' : `${r.toFixed(2)}${'bpf'[i]}`))
    .filter((p) => p !== '');
  return parts.length === 0 ? text : `${text} (${parts.join(' ')})`;
}

function note(row: Row): string {
  const text = row.skipped !== undefined ? `skipped: ${row.skipped}` : row.notes.join('; ');
  return text.length > NOTE_CHARS ? `${text.slice(0, NOTE_CHARS - 1)}…` : text;
}

export function renderTable(rows: Row[]): string {
  const header = ['scenario', 'target', 'req/s', 'p50 ms', 'p99 ms', 'err/non2xx', 'RSS MB', 'note'];
  const body = rows.map((row) => {
    const s = row.summary;
    const r = ratios(row, rows);
    return [
      row.scenario,
      row.target,
      cell(s?.rps, 0, r, 'rps'),
      cell(s?.p50Ms, 1, r, 'p50Ms'),
      cell(s?.p99Ms, 1, r, 'p99Ms'),
      s === undefined ? '-' : `${s.errors}/${s.non2xx}`,
      cell(s?.rssMb, 0, r, 'rssMb'),
      note(row),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i >= 2 && i <= 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    '(0.21b 1.35p 0.80f) = ratio to the bare node:http server (users-me), and to the peer (oidc-provider) and plain Fastify in the same scenario.',
    'req/s, p50, p99: mean of the rounds; err = connection errors + timeouts; RSS: highest sampled VmRSS of the server.',
  ].join('\n');
}

/** bench/results/<name> (the directory is made when missing). */
export function resultsPath(name: string): string {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  return `${dir}${name}`;
}

/** Writes bench/results/<timestamp>.json and answers its path. */
export function writeJson(report: { startedAt: Date } & Record<string, unknown>, rows: Row[]): string {
  const file = resultsPath(`${report.startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const results = rows.map((row) => ({ ...row, ratios: ratios(row, rows) }));
  writeFileSync(file, `${JSON.stringify({ ...report, results }, null, 2)}\n`);
  return file;
}
