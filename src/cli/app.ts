// CLI commands on applications: app create, app list, app reset-secret.
import { APPLICATION_NAME_MAX } from '../applications/applications-service.js';
import { UsageError, type Command } from './command.js';
import { userNamed, withServices } from './with-store.js';

export const appCommands: Record<string, Command> = {
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
    async run(values, config, _positionals, { print }) {
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
    async run(values, config, _positionals, { print }) {
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
    async run(_values, config, [id], { print }) {
      if (!/^[0-9]{1,20}$/.test(id!)) throw new UsageError('<application id>: a numeric id');
      const reset = await withServices(config, async (services) => {
        const { application } = await services.applications.getPublic(id!);
        return services.applications.resetSecret(application.ownerId, application.id);
      });
      print(`client id:     ${reset.application.id}`);
      print(`client secret: ${reset.clientSecret}`);
    },
  },
};
