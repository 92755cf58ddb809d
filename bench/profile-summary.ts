// With BENCH_PROFILE=1: summarizes each V8 CPU profile guildgate wrote (one per thread): the functions with the most
// self time, and the share of busy time by package (node_modules) or project file.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = 15;

function where(url: string, root: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1]!;
  if (url.startsWith('file://')) return relative(root, new URL(url).pathname);
  return url === '' ? '(native)' : url;
}

function top(shares: Map<string, number>, total: number): string[] {
  return [...shares]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, time]) => `  ${((100 * time) / total).toFixed(1).padStart(5)}%  ${name}`);
}

/** The summary of one profile: self time by function and by package or file, as text. */
export function summarizeProfile(file: string, root: string): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const time = selfTime.get(node.id) ?? 0;
    // Idle is the time other targets were measured, or the load did not keep the server busy.
    if (time === 0 || node.callFrame.functionName === '(idle)') continue;
    total += time;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = where(url, root);
    const name = `${functionName || '(anonymous)'} ${place}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + time);
    byPlace.set(place, (byPlace.get(place) ?? 0) + time);
  }
  if (total === 0) return `${relative(root, file)}: idle throughout`;
  return [
    `${relative(root, file)} (${(total / 1e6).toFixed(1)} s busy; shares of busy time)`,
    ' self time by function:',
    ...top(byFunction, total),
    ' by package or file:',
    ...top(byPlace, total),
  ].join('\n');
}

/** Summaries of every profile under `dir` (one sub-directory per target). */
export function summarizeProfiles(dir: string, root: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .map((name) => summarizeProfile(join(dir, name), root));
}
