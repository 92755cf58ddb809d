// What a CLI command is: its usage, its options and positionals, and how it runs; and the usage error it may raise.
import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';

/** Bad arguments: the command's message and its usage, exit 2. */
export class UsageError extends Error {}

/** Where a command writes its result: lines for its output, and whether a progress bar may be drawn on the terminal. */
export interface CommandOutput {
  print(line: string): void;
  progressOnTerminal: boolean;
}

export interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Names of the positional arguments the command takes, in order (none when absent). */
  positionals?: string[];
  run(values: Record<string, string | boolean | string[] | undefined>, config: Config, positionals: string[], output: CommandOutput): Promise<void>;
}
