// CLI commands on applications: app create, app list, app reset-secret, app token-format.
import { APPLICATION_NAME_MAX } from '../applications/applications-service.js';
import type { AccessTokenFormat } from '../storage/types.js';
import { UsageError, type Command } from './command.js';
import { userNamed, withServices } from './with-store.js';

const ACCESS_TOKEN_FORMATS: readonly AccessTokenFormat[] = ['opaque', 'jwt'];

/** The --access-token-format / <format> value, or a usage error naming the choices. */
function accessTokenFormat(value: unknown, label: string): AccessTokenFormat {
  const format = ACCESS_TOKEN_FORMATS.find((known) => known === value);
  if (format === undefined) throw new UsageError(`${label}: opaque or jwt`);
  return format;
}

/** A numeric application id, or a usage error. */
function applicationId(value: string | undefined): string {
  if (value === undefined || !/^[0-9]{1,20}$/.test(value)) throw new UsageError('<application id>: a numeric id');
  return value;
}

export const appCommands: Record<string, Command> = {
  'app create': {
    usage:
      'guildgate app create --owner <username> --name <name> [--redirect-uri <uri>]... [--post-logout-redirect-uri <uri>]... [--public] [--access-token-format opaque|jwt]\n' +
      '  Creates an application and its bot user; prints the client id, client secret and bot token (shown only now).\n' +
      '  --public makes a public client (token_endpoint_auth_method none: no secret, PKCE required).\n' +
      '  --access-token-format jwt issues RFC 9068 JWT access tokens instead of opaque ones (the default).',
    options: {
      owner: { type: 'string' },
      name: { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-redirect-uri': { type: 'string', multiple: true },
      public: { type: 'boolean' },
      'access-token-format': { type: 'string' },
    },
    async run(values, config, _positionals, { print }) {
      const { owner, name } = values;
      if (typeof owner !== 'string' || typeof name !== 'string') throw new UsageError('--owner and --name are required');
      if (!name.trim() || name.length > APPLICATION_NAME_MAX) throw new UsageError(`--name: 1 to ${APPLICATION_NAME_MAX} characters`);
      const format = values['access-token-format'] === undefined ? 'opaque' : accessTokenFormat(values['access-token-format'], '--access-token-format');
      const created = await withServices(config, async (services, store) =>
        services.applications.create((await userNamed(store, owner)).id, {
          name,
          redirectUris: (values['redirect-uri'] as string[] | undefined) ?? [],
          postLogoutRedirectUris: (values['post-logout-redirect-uri'] as string[] | undefined) ?? [],
          tokenEndpointAuthMethod: values.public ? 'none' : 'client_secret_basic',
          accessTokenFormat: format,
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
    usage: "guildgate app list --owner <username>\n  Lists a user's applications: id, name, client type, access token format and redirect URIs.",
    options: { owner: { type: 'string' } },
    async run(values, config, _positionals, { print }) {
      const { owner } = values;
      if (typeof owner !== 'string') throw new UsageError('--owner is required');
      const applications = await withServices(config, async (services, store) => services.applications.list((await userNamed(store, owner)).id));
      if (applications.length === 0) print(`${owner} owns no applications`);
      for (const { application } of applications) {
        print(
          `${application.id}  ${application.name}  ${application.tokenEndpointAuthMethod}  ${application.accessTokenFormat}  ${application.redirectUris.join(' ') || '(no redirect URIs)'}`,
        );
      }
    },
  },
  'app reset-secret': {
    usage: 'guildgate app reset-secret <application id>\n  Issues a new client secret and prints it (shown only now); the old one stops working at once.',
    options: {},
    positionals: ['application id'],
    async run(_values, config, [rawId], { print }) {
      const id = applicationId(rawId);
      const reset = await withServices(config, async (services) => {
        const { application } = await services.applications.getPublic(id);
        return services.applications.resetSecret(application.ownerId, application.id);
      });
      print(`client id:     ${reset.application.id}`);
      print(`client secret: ${reset.clientSecret}`);
    },
  },
  'app token-format': {
    usage:
      'guildgate app token-format <application id> <opaque|jwt>\n' +
      '  Sets the format of the access tokens issued from now on: opaque (the default) or jwt (RFC 9068); tokens already\n' +
      '  issued keep working until they expire or are revoked.',
    options: {},
    positionals: ['application id', 'opaque|jwt'],
    async run(_values, config, [rawId, rawFormat], { print }) {
      const id = applicationId(rawId);
      const format = accessTokenFormat(rawFormat, '<opaque|jwt>');
      const updated = await withServices(config, async (services) => {
        const { application } = await services.applications.getPublic(id);
        return services.applications.update(application.ownerId, application.id, { accessTokenFormat: format }, false);
      });
      print(`application ${updated.application.id} now issues ${updated.application.accessTokenFormat} access tokens`);
    },
  },
};
