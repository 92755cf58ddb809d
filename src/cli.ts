// The `guildgate` command line: serve, migrate, db purge, user create|ban|unban, app create|list|reset-secret, guild create|add-member,
// keys list|rotate and demo, each with --help; bad arguments exit 2.
import { randomBytes } from 'node:crypto';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { QUIET_LIMITS_LOG } from './limits/store-health.js';
import { buildServices, type Services } from './services.js';
import type { KyselyStore } from './storage/kysely/store.js';
import { openStore } from './storage/open-store.js';
import { purgeOnce } from './storage/purge.js';
import { EMAIL_PATTERN, PASSWORD_MAX, PASSWORD_MIN, USERNAME_PATTERN } from './accounts/usernames.js';
import { ApiError } from './errors/api-error.js';
import { APPLICATION_NAME_MAX } from './applications/applications-service.js';
import { GUILD_ICON_PATTERN, GUILD_NAME_MAX } from './guilds/guilds-service.js';
import { isSnowflake } from './ids.js';
import { keyEncryptionKey } from './crypto/key-encryption.js';
import { serverSecret } from './crypto/server-secret.js';
import { ConcurrentRotationError, DEFAULT_SIGNING_ALG, isSigningAlg, keyStatus, rotateSigningKey, SIGNING_ALGS } from './oidc/signing-keys.js';
import { toIso } from './clock.js';
import { copyProgress } from './storage/copy/copy-progress.js';

export class UsageError extends Error {}

interface Command {
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Names of the positional arguments the command takes, in order (none when absent). */
  positionals?: string[];
  run(values: Record<string, string | boolean | string[] | undefined>, config: Config, positionals: string[]): Promise<void>;
}

/** Where a run of the CLI writes: the process's streams, or a caller's (tests run commands in-process). */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const processOutput: CliOutput = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };
/** The output of the run under way (runs in one process take turns: each awaits the last). */
let output = processOutput;
const print = (line: string) => output.out(`${line}\n`);
const printError = (text: string) => output.err(text);

/** Opens and migrates the store, runs `work` with it and the migrations just applied, and closes it. */
async function withStore<T>(config: Config, work: (store: KyselyStore, applied: string[]) => Promise<T>): Promise<T> {
  const store = openStore(config.databaseUrl);
  try {
    return await work(store, await store.migrate());
  } finally {
    await store.close();
  }
}

async function withServices<T>(config: Config, work: (services: Services, store: KyselyStore) => Promise<T>): Promise<T> {
  return withStore(config, (store) => work(buildServices(config, store, systemClock, { redis: null, log: QUIET_LIMITS_LOG }), store));
}

/** The local (non-bot) account named `username`. */
async function userNamed(store: KyselyStore, username: string) {
  const user = username.includes('@') ? null : await store.users.findByLogin(username);
  if (!user) throw ApiError.notFound('user');
  return user;
}

async function createUser(config: Config, username: string, password: string, email: string | undefined, admin: boolean) {
  if (!new RegExp(USERNAME_PATTERN).test(username)) throw new UsageError('--username: 2 to 32 letters, digits, "_" or "."');
  if (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) throw new UsageError(`--password: ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
  if (email !== undefined && !new RegExp(EMAIL_PATTERN).test(email)) throw new UsageError('--email: an email address');
  return withServices(config, (services) => services.accounts.register({ username, password, email, admin }));
}

const commands: Record<string, Command> = {
  serve: {
    usage: 'guildgate serve [--no-migrate]\n  Serves the API and pages on GUILDGATE_HOST:GUILDGATE_PORT; migrates the database first unless --no-migrate.',
    options: { 'no-migrate': { type: 'boolean' } },
    async run(values, config) {
      const { serve } = await import('./serve.js');
      await serve(config, { migrate: !values['no-migrate'] });
    },
  },
  migrate: {
    usage: 'guildgate migrate\n  Applies pending database migrations and exits.',
    options: {},
    async run(_values, config) {
      const applied = await withStore(config, async (_store, names) => names);
      print(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
    },
  },
  'db purge': {
    usage:
      'guildgate db purge\n  Deletes expired codes, tokens and sessions, finished events past GUILDGATE_PURGE_RETENTION and images nothing\n' +
      '  names, as the server does every GUILDGATE_PURGE_INTERVAL; prints how many rows of each went.',
    options: {},
    async run(_values, config) {
      const counts = await withStore(config, (store) => purgeOnce(store, systemClock.now(), config.purge.retentionMs));
      print(
        `purged ${Object.entries(counts)
          .map(([what, count]) => `${count} ${what.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`)
          .join(', ')}`,
      );
    },
  },
  'user create': {
    usage: 'guildgate user create --username <name> --password <password> [--email <email>] [--admin]\n  Creates a local account.',
    options: { username: { type: 'string' }, password: { type: 'string' }, email: { type: 'string' }, admin: { type: 'boolean' } },
    async run(values, config) {
      if (typeof values.username !== 'string' || typeof values.password !== 'string') throw new UsageError('--username and --password are required');
      const user = await createUser(config, values.username, values.password, values.email as string | undefined, values.admin === true);
      print(`created user ${user.username} (id ${user.id})${user.admin ? ' with admin rights' : ''}`);
    },
  },
  'user ban': {
    usage: 'guildgate user ban <username>\n  Bans a local account: it cannot log in, and its sessions, OAuth2 tokens and grants end now.',
    options: {},
    positionals: ['username'],
    async run(_values, config, [username]) {
      const user = await withServices(config, async (services, store) => services.bans.ban((await userNamed(store, username!)).id));
      print(`banned ${user.username} (id ${user.id})`);
    },
  },
  'user unban': {
    usage: 'guildgate user unban <username>\n  Lifts the ban on a local account: it can log in again.',
    options: {},
    positionals: ['username'],
    async run(_values, config, [username]) {
      const user = await withServices(config, async (services, store) => services.bans.unban((await userNamed(store, username!)).id));
      print(`unbanned ${user.username} (id ${user.id})`);
    },
  },
  'app create': {
    usage:
      'guildgate app create --owner <username> --name <name> [--redirect-uri <uri>]... [--post-logout-redirect-uri <uri>]... [--public]\n' +
      '  Creates an application and its bot user; prints the client id, client secret and bot token (shown only now).\n' +
      '  --public makes a public client (token_endpoint_auth_method none: no secret, PKCE required).',
    options: {
      owner: { type: 'string' },
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-redirect-uri': { type: 'string', multiple: true },
      public: { type: 'boolean' },
    },
    async run(values, config) {
      const { owner, name } = values;
      if (typeof owner !== 'string' || typeof name !== 'string') throw new UsageError('--owner and --name are required');
      if (!name.trim() || name.length > APPLICATION_NAME_MAX) throw new UsageError(`--name: 1 to ${APPLICATION_NAME_MAX} characters`);
      const created = await withServices(config, async (services, store) =>
        services.applications.create((await userNamed(store, owner)).id, {
          name,
          redirectUris: (values['redirect-uri'] as string[] | undefined) ?? [],
          postLogoutRedirectUris: (values['post-logout-redirect-uri'] as string[] | undefined) ?? [],
          tokenEndpointAuthMethod: values.public ? 'none' : 'client_secret_basic',
        }),
      );
      print(`created application ${created.application.name}`);
      print(`client id:     ${created.application.id}`);
      print(`client secret: ${created.clientSecret ?? '(none: public client)'}`);
      print(`bot user:      ${created.bot.username}#${created.bot.discriminator} (id ${created.bot.id})`);
      print(`bot token:     ${created.botToken}`);
      print('The secret and bot token are shown only now; store them safely.');
    },
  },
  'app list': {
    usage: "guildgate app list --owner <username>\n  Lists a user's applications: id, name, client type and redirect URIs.",
    options: { owner: { type: 'string' } },
    async run(values, config) {
      const { owner } = values;
      if (typeof owner !== 'string') throw new UsageError('--owner is required');
      const applications = await withServices(config, async (services, store) => services.applications.list((await userNamed(store, owner)).id));
      if (applications.length === 0) print(`${owner} owns no applications`);
      for (const { application } of applications) {
        print(`${application.id}  ${application.name}  ${application.tokenEndpointAuthMethod}  ${application.redirectUris.join(' ') || '(no redirect URIs)'}`);
      }
    },
  },
  'app reset-secret': {
    usage: 'guildgate app reset-secret <application id>\n  Issues a new client secret and prints it (shown only now); the old one stops working at once.',
    options: {},
    positionals: ['application id'],
    async run(_values, config, [id]) {
      if (!/^[0-9]{1,20}$/.test(id!)) throw new UsageError('<application id>: a numeric id');
      const reset = await withServices(config, async (services) => {
        const { application } = await services.applications.getPublic(id!);
        return services.applications.resetSecret(application.ownerId, application.id);
      });
      print(`client id:     ${reset.application.id}`);
      print(`client secret: ${reset.clientSecret}`);
    },
  },
  'guild create': {
    usage: 'guildgate guild create --owner <username> --name <name> [--icon <hash>]\n  Creates a guild owned by a local account; prints its id.',
    options: { owner: { type: 'string' }, name: { type: 'string' }, icon: { type: 'string' } },
    async run(values, config) {
      const { owner, name, icon } = values;
      if (typeof owner !== 'string' || typeof name !== 'string') throw new UsageError('--owner and --name are required');
      if (!/\S/.test(name) || name.length > GUILD_NAME_MAX) throw new UsageError(`--name: 1 to ${GUILD_NAME_MAX} characters`);
      if (icon !== undefined && !new RegExp(GUILD_ICON_PATTERN).test(icon as string)) throw new UsageError('--icon: an image hash');
      const guild = await withServices(config, async (services, store) =>
        services.guilds.create((await userNamed(store, owner)).id, { name, icon: icon as string | undefined }),
      );
      print(guild.id);
    },
  },
  'guild add-member': {
    usage:
      'guildgate guild add-member <guild id> --user <username> [--permissions <decimal>]\n' +
      '  Adds a local account to a guild, or sets its permissions when it is a member (a new member gets 0 unless told).',
    options: { user: { type: 'string' }, permissions: { type: 'string' } },
    positionals: ['guild id'],
    async run(values, config, [guildId]) {
      const { user, permissions } = values;
      if (!isSnowflake(guildId!)) throw new UsageError('<guild id>: a numeric id');
      if (typeof user !== 'string') throw new UsageError('--user is required');
      const { member, created } = await withServices(config, async (services, store) =>
        services.guilds.putMember(null, guildId!, (await userNamed(store, user)).id, permissions as string | undefined),
      );
      print(`${created ? 'added' : 'updated'} ${user} in guild ${guildId} with permissions ${member.permissions}`);
    },
  },
  'keys list': {
    usage: 'guildgate keys list\n  Lists the signing keys, newest first: kid, alg, status (active, retiring until, retired) and creation time.',
    options: {},
    async run(_values, config) {
      const keys = await withStore(config, (store) => store.signingKeys.list());
      if (keys.length === 0) print('no signing keys yet (the first is made when guildgate serve starts)');
      const now = systemClock.now();
      for (const key of keys) {
        const status = keyStatus(key, now);
        const until = status === 'retiring' ? ` until ${toIso(key.retiredAt!)}` : status === 'retired' ? ` at ${toIso(key.retiredAt!)}` : '';
        print(`${key.kid}  ${key.alg}  ${status}${until}  created ${toIso(key.createdAt)}`);
      }
    },
  },
  'keys rotate': {
    usage:
      `guildgate keys rotate [--alg ${SIGNING_ALGS.join('|')}]\n` +
      `  Adds a new signing key (default ${DEFAULT_SIGNING_ALG}) that every node signs with within 5 seconds; the keys it replaces\n` +
      '  stay in the JWKS until every token they signed has expired, then retire.',
    options: { alg: { type: 'string' } },
    async run(values, config) {
      const alg = values.alg ?? DEFAULT_SIGNING_ALG;
      if (typeof alg !== 'string' || !isSigningAlg(alg)) throw new UsageError(`--alg: one of ${SIGNING_ALGS.join(', ')}`);
      const encryptionKey = keyEncryptionKey(serverSecret(config));
      const lifetimeMs = Math.max(config.lifetimes.idToken, config.lifetimes.accessToken) * 1000;
      try {
        const rotated = await withStore(config, (store) => rotateSigningKey(store, systemClock, encryptionKey, alg, lifetimeMs));
        print(`new signing key ${rotated.key.kid} (${rotated.key.alg}); the keys it replaces retire at ${toIso(rotated.retiredUntil)}`);
      } catch (error) {
        if (error instanceof ConcurrentRotationError) throw new ApiError(409, 'CONFLICT', error.message);
        throw error;
      }
    },
  },
  'db copy': {
    usage:
      'guildgate db copy --from sqlite:<path> --to postgres://... [--force | --resume]\n' +
      '  Copies every table from a SQLite database into PostgreSQL (schema made by the migrations), in batches, and\n' +
      '  verifies row counts and checksums per table. A target holding rows is refused unless --force (empty it first:\n' +
      '  the way to restart a copy) or --resume (keep its rows, add the missing ones). The source may be serving.',
    options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' }, resume: { type: 'boolean' } },
    async run(values) {
      const { from, to } = values;
      if (typeof from !== 'string' || typeof to !== 'string') throw new UsageError('--from and --to are required');
      if (!/^sqlite:./.test(from)) throw new UsageError('--from: sqlite:<path>');
      if (!/^postgres(ql)?:\/\/./.test(to)) throw new UsageError('--to: postgres://user@host:port/database');
      if (values.force && values.resume) throw new UsageError('--force and --resume exclude each other');
      const { copyDatabase } = await import('./storage/copy/copy-database.js');
      const progress = copyProgress(output === processOutput && process.stderr.isTTY === true);
      try {
        const reports = await copyDatabase({
          from: from.slice('sqlite:'.length),
          to,
          existing: values.force ? 'replace' : values.resume ? 'resume' : 'refuse',
          ...progress,
        });
        progress.stop();
        for (const { table, rows, digest } of reports) print(`${table}: ${rows} rows, checksum ${digest.slice(0, 16)} matches`);
        print(`copied ${reports.length} tables, ${reports.reduce((sum, report) => sum + report.rows, 0)} rows; verified`);
      } finally {
        progress.stop();
      }
    },
  },
  'db backup': {
    usage: 'guildgate db backup <file>\n  Writes a consistent copy of the SQLite database (GUILDGATE_DATABASE_URL) to a new file, also while it serves.',
    options: {},
    positionals: ['file'],
    async run(_values, config, [file]) {
      if (!config.databaseUrl.startsWith('sqlite:')) throw new UsageError('db backup is for SQLite databases; back PostgreSQL up with pg_dump');
      const { backupSqlite } = await import('./storage/sqlite/backup.js');
      const pages = await backupSqlite(config.databaseUrl.slice('sqlite:'.length), file!);
      print(`backed up ${config.databaseUrl.slice('sqlite:'.length)} to ${file} (${pages} pages)`);
    },
  },
  demo: {
    usage: 'guildgate demo [--username <name>]\n  Creates a demo account with a random password and prints how to log in.',
    options: { username: { type: 'string' } },
    async run(values, config) {
      const username = typeof values.username === 'string' ? values.username : `demo_${randomBytes(3).toString('hex')}`;
      const password = randomBytes(12).toString('base64url');
      const user = await createUser(config, username, password, undefined, false);
      print(`demo user: ${user.username}\npassword:  ${password}`);
      print(
        `log in:    curl -s -X POST ${config.issuer}/api/v1/auth/login -H 'Content-Type: application/json' -d '{"login":"${user.username}","password":"${password}"}'`,
      );
    },
  },
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
  output = io;
  try {
    return await runCommand(argv, env);
  } catch (error) {
    printError(`guildgate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    output = processOutput;
  }
}

async function runCommand(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
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
    await command.run(values, loadConfig(env), positionals);
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
