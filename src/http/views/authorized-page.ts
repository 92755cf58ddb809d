// The confirmation page a bot install without a redirect URI ends on (added, to which guild, or not), and where any
// request that named no redirect URI ends when it fails.
import type { ApplicationRecord, GuildRecord } from '../../storage/types.js';
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export type InstallOutcome = { added: true; guild: GuildRecord | null } | { added: false; error: string };

export function authorizedPage(application: ApplicationRecord, outcome: InstallOutcome): SafeHtml {
  if (!outcome.added) {
    const why = outcome.error === 'access_denied' ? 'You cancelled the request.' : 'The request did not complete.';
    return layout(
      'Not authorized',
      html`<h1>${application.name} was not authorized</h1>
<p>${why} Nothing was changed.</p>
<p class="muted">You can close this page.</p>`,
    );
  }
  return layout(
    'Authorized',
    html`<h1>Authorized</h1>
<p>${outcome.guild ? html`${application.name} has been added to <strong>${outcome.guild.name}</strong>.` : html`${application.name} has been authorized.`}</p>
<p class="muted">You can close this page.</p>`,
  );
}
