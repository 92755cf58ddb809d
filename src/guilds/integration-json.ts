// The JSON form of a guild integration: the application, its bot, the granted permissions and who installed it when.
import { applicationSummaryJson } from '../applications/application-json.js';
import { toIso } from '../clock.js';
import type { IntegrationWithApplication } from './integrations-service.js';

export function integrationJson({ integration, application, bot }: IntegrationWithApplication) {
  return {
    application: applicationSummaryJson(application),
    bot: { id: bot.id, username: bot.username, discriminator: bot.discriminator, avatar: bot.avatar },
    permissions: integration.permissions.toString(),
    scopes: integration.scopes,
    installed_by: integration.installedBy,
    installed_at: toIso(integration.installedAt),
  };
}
