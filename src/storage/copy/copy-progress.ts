// The progress bar of `guildgate db copy`: one bar per table on stderr, only when stderr is a terminal.
import cliProgress from 'cli-progress';

export interface CopyProgress {
  onTable(table: string, rows: number): void;
  onProgress(table: string, copied: number): void;
  stop(): void;
}

const SILENT: CopyProgress = { onTable: () => undefined, onProgress: () => undefined, stop: () => undefined };

export function copyProgress(terminal: boolean): CopyProgress {
  if (!terminal) return SILENT;
  let bar: cliProgress.SingleBar | null = null;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    onTable(table, rows) {
      stop();
      bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: `${table.padEnd(28)} [{bar}] {value}/{total} rows`, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(rows, 0);
    },
    onProgress(_table, copied) {
      bar?.update(copied);
    },
    stop,
  };
}
