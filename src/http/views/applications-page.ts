// The developer portal's start: the user's applications, and the form that creates one (seed 001's fields).
import { APPLICATION_NAME_MAX, DESCRIPTION_MAX } from '../../applications/applications-service.js';
import type { ApplicationWithBot } from '../../applications/ownership.js';
import type { ApiError } from '../../errors/api-error.js';
import { text, type Form } from '../plugins/page-form.js';
import type { PortalContext } from '../plugins/page-guard.js';
import { appIcon } from './app-icon.js';
import { csrfField, errorSummary, notice, textArea, textField } from './form-controls.js';
import { html, type SafeHtml } from './html.js';

/** How the application forms' fields read on the page, also for naming them in error summaries. */
export const APPLICATION_LABELS = {
  name: 'Name',
  description: 'Description',
  redirect_uris: 'Redirect URI',
  post_logout_redirect_uris: 'Post-logout redirect URI',
  terms_of_service_url: 'Terms of Service URL',
  privacy_policy_url: 'Privacy Policy URL',
  token_endpoint_auth_method: 'Client type',
  icon: 'Icon',
  confirm: 'Confirmation',
};

export const REDIRECT_URIS_HINT = 'One per line, at most 10: https, http on 127.0.0.1 or localhost, or an app scheme such as com.example.app:/callback.';

function createForm(portal: PortalContext, draft: Form, error: ApiError | undefined): SafeHtml {
  return html`<section class="panel" aria-labelledby="create-heading">
<h2 id="create-heading">Create an application</h2>
${errorSummary(error, APPLICATION_LABELS)}
<form method="post" action="/developers/applications">
${csrfField(portal.csrfToken)}
${textField({ name: 'name', label: APPLICATION_LABELS.name, value: text(draft, 'name'), required: true, maxlength: APPLICATION_NAME_MAX, hint: 'The name users see when they authorize your app.' })}
${textArea({ name: 'description', label: `${APPLICATION_LABELS.description} (optional)`, value: text(draft, 'description'), maxlength: DESCRIPTION_MAX })}
${textArea({ name: 'redirect_uris', label: 'Redirect URIs', value: text(draft, 'redirect_uris'), hint: REDIRECT_URIS_HINT, placeholder: 'https://example.com/callback' })}
${textField({ name: 'terms_of_service_url', label: `${APPLICATION_LABELS.terms_of_service_url} (optional)`, type: 'url', value: text(draft, 'terms_of_service_url') })}
${textField({ name: 'privacy_policy_url', label: `${APPLICATION_LABELS.privacy_policy_url} (optional)`, type: 'url', value: text(draft, 'privacy_policy_url') })}
<div class="actions"><button type="submit">Create</button></div>
</form>
</section>`;
}

export function applicationsPage(portal: PortalContext, applications: ApplicationWithBot[], draft: Form = {}, error?: ApiError, done?: string): SafeHtml {
  return html`<h1>Applications</h1>
${notice(done)}
<p class="muted">Applications sign users in with OAuth2 and run bots in guilds. Each has a client ID, a client secret and a bot user.</p>
${
  applications.length === 0
    ? html`<p>You have no applications yet.</p>`
    : html`<table>
<caption class="visually-hidden">Your applications</caption>
<thead><tr><th scope="col">Application</th><th scope="col">Client ID</th><th scope="col">Bot</th></tr></thead>
<tbody>
${applications.map(
  ({ application, bot }) => html`<tr>
<td><span class="app-name">${appIcon(application.name, application.icon, 'small')}<a href="/developers/applications/${application.id}">${application.name}</a></span></td>
<td><code>${application.id}</code></td>
<td>${bot.username}#${bot.discriminator}</td>
</tr>`,
)}
</tbody>
</table>`
}
${createForm(portal, draft, error)}`;
}
