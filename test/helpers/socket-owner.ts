// Which of some processes owns the TCP socket bound to a local port (Linux /proc): tells which node sent a request.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The inodes of the sockets whose local port is `port`, from /proc/net/tcp and tcp6. */
function socketInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const columns = line.trim().split(' ').filter(Boolean);
      const local = columns[1];
      if (local === undefined || columns[9] === undefined) continue;
      if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.add(columns[9]);
    }
  }
  return inodes;
}

/** The pid among `pids` holding a socket on local `port`, or undefined. */
export function pidOwningPort(port: number, pids: number[]): number | undefined {
  const inodes = socketInodes(port);
  for (const pid of pids) {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue; // closed between the listing and the look
      }
      if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) return pid;
    }
  }
  return undefined;
}
