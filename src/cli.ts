// The `guildgate` command line: serve, migrate, db purge, user create|ban|unban, app create|list|reset-secret, guild create|add-member,
// keys list|rotate and demo, each with --help; bad arguments exit 2. The commands live by group in src/cli/.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { ApiError } from './errors/api-error.js';
import { appCommands } from './cli/app.js';
import { UsageError, type Command, type CommandOutput } from './cli/command.js';
import { dbCommands } from './cli/db.js';
import { demoCommands } from './cli/demo.js';
import { guildCommands } from './cli/guild.js';
import { keysCommands } from './cli/keys.js';
import { serveCommands } from './cli/serve.js';
import { userCommands } from './cli/user.js';

/** Where a run of the CLI writes: the process's streams, or a caller's (tests run commands in-process). */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: CliOutput = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

const commands: Record<string, Command> = {
  ...serveCommands,
  ...dbCommands,
  ...userCommands,
  ...appCommands,
  ...guildCommands,
  ...keysCommands,
  ...demoCommands,
};

const OVERVIEW = `usage: guildgate <command> [options]

commands:
  serve             serve the API and pages (migrates first)
  migrate           apply database migrations
  db purge          delete expired and unreferenced rows now
  user create       create a local account
  user ban          ban a local account (ends its sessions, tokens and grants)
  user unban        lift the ban on a local account
  app create        create an application with its bot user
  app list          list a user's applications
  app reset-secret  issue a new client secret for an application
  demo              create a demo account and print how to log in
  guild create      create a guild owned by an account
  guild add-member  add an account to a guild or set its permissions
  keys list         list the signing keys of id tokens and JWT access tokens
  keys rotate       add a new signing key; the old ones retire once their tokens have expired
  db copy           copy a SQLite database into PostgreSQL, verified
  db backup         back a SQLite database up to a file while it serves

Each command takes --help. Configuration comes from GUILDGATE_* environment variables (see README).`;

function findCommand(argv: string[]): { name: string; rest: string[] } | null {
  for (const length of [2, 1]) {
    const name = argv.slice(0, length).join(' ');
    if (commands[name]) return { name, rest: argv.slice(length) };
  }
  return null;
}

/** Runs the CLI, writing to `io`; returns the process exit code (1 for an unexpected failure, reported in one line). */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliOutput = processOutput): Promise<number> {
  try {
    return await runCommand(argv, env, io);
  } catch (error) {
    io.err(`guildgate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function runCommand(argv: string[], env: NodeJS.ProcessEnv, io: CliOutput): Promise<number> {
  const print = (line: string) => io.out(`${line}\n`);
  const printError = (text: string) => io.err(text);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    print(OVERVIEW);
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    printError(`guildgate: unknown command "${argv.join(' ')}"\n\n${OVERVIEW}\n`);
    return 2;
  }
  const command = commands[found.name]!;
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    const parsed = parseArgs({
      args: found.rest,
      options: { ...command.options, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: !!command.positionals,
    });
    values = parsed.values;
    positionals = parsed.positionals;
    const expected = command.positionals ?? [];
    if (!values.help && positionals.length !== expected.length) {
      throw new Error(expected.length === 0 ? 'takes no positional arguments' : `expects ${expected.map((name) => `<${name}>`).join(' ')}`);
    }
  } catch (error) {
    printError(`guildgate ${found.name}: ${(error as Error).message}\n\nusage: ${command.usage}\n`);
    return 2;
  }
  if (values.help) {
    print(`usage: ${command.usage}`);
    return 0;
  }
  try {
    const output: CommandOutput = { print, progressOnTerminal: io === processOutput && process.stderr.isTTY === true };
    await command.run(values, loadConfig(env), positionals, output);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      printError(`guildgate: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || (error instanceof ApiError && error.status === 400)) {
      printError(`guildgate ${found.name}: ${error.message}\n\nusage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof ApiError) {
      printError(`guildgate ${found.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
