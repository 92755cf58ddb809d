// Server memory from /proc/<pid>/status: sampled VmRSS peak during a run, and VmHWM (lifetime peak).
import { readFileSync } from 'node:fs';

const SAMPLE_MS = 200;

function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) / 1024 : undefined;
}

export function lifetimePeakMb(pid: number): number | undefined {
  return statusMb(pid, 'VmHWM');
}

/** Samples VmRSS until stopped; stop() answers the highest sample in MB (undefined without /proc). */
export function sampleRss(pid: number): { stop(): number | undefined } {
  let peak: number | undefined;
  const sample = (): void => {
    const mb = statusMb(pid, 'VmRSS');
    if (mb !== undefined && (peak === undefined || mb > peak)) peak = mb;
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
