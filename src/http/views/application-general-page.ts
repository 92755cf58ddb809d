// An application's General information tab: name, description, links, the icon upload, and deleting the application.
import { APPLICATION_NAME_MAX, DESCRIPTION_MAX } from '../../applications/applications-service.js';
import type { ApplicationWithBot } from '../../applications/ownership.js';
import type { ApiError } from '../../errors/api-error.js';
import { text, type Form } from '../plugins/page-form.js';
import type { PortalContext } from '../plugins/page-guard.js';
import { appIcon } from './app-icon.js';
import { applicationFrame, applicationPath } from './application-frame.js';
import { APPLICATION_LABELS } from './applications-page.js';
import { checkbox, csrfField, errorSummary, imageUploadForm, notice, postButton, textArea, textField } from './form-controls.js';
import { html, type SafeHtml } from './html.js';
import { timeTag } from './time.js';

export interface GeneralPageModel {
  found: ApplicationWithBot;
  /** The refused form's values, shown again with `error`. */
  draft?: Form;
  error?: ApiError;
  notice?: string;
}

export function applicationGeneralPage(portal: PortalContext, model: GeneralPageModel): SafeHtml {
  const { application } = model.found;
  const path = applicationPath(application);
  const value = (name: string, stored: string | null) => (model.draft ? text(model.draft, name) : (stored ?? ''));
  return applicationFrame(
    application,
    'general',
    html`${notice(model.notice)}${errorSummary(model.error, APPLICATION_LABELS)}
<section class="panel" aria-labelledby="general-heading">
<h2 id="general-heading">General information</h2>
<dl class="facts"><dt>Application ID</dt><dd><code>${application.id}</code></dd><dt>Created</dt><dd>${timeTag(application.createdAt)}</dd></dl>
<form method="post" action="${path}">
${csrfField(portal.csrfToken)}
${textField({ name: 'name', label: APPLICATION_LABELS.name, value: value('name', application.name), required: true, maxlength: APPLICATION_NAME_MAX })}
${textArea({ name: 'description', label: `${APPLICATION_LABELS.description} (optional)`, value: value('description', application.description), maxlength: DESCRIPTION_MAX })}
${textField({ name: 'terms_of_service_url', label: `${APPLICATION_LABELS.terms_of_service_url} (optional)`, type: 'url', value: value('terms_of_service_url', application.termsOfServiceUrl) })}
${textField({ name: 'privacy_policy_url', label: `${APPLICATION_LABELS.privacy_policy_url} (optional)`, type: 'url', value: value('privacy_policy_url', application.privacyPolicyUrl) })}
<div class="actions"><button type="submit">Save changes</button></div>
</form>
</section>
<section class="panel" aria-labelledby="icon-heading">
<h2 id="icon-heading">App icon</h2>
${
  application.icon
    ? html`<div class="app-name">${appIcon(application.name, application.icon)}${postButton({ action: `${path}/icon/remove`, csrfToken: portal.csrfToken, label: 'Remove icon', kind: 'secondary' })}</div>`
    : html`<p class="muted">No icon yet: users see the first letter of the name.</p>`
}
${imageUploadForm({ action: `${path}/icon`, csrfToken: portal.csrfToken, name: 'icon', label: 'Upload a new icon', button: 'Upload icon' })}
</section>
<section class="panel danger" aria-labelledby="delete-heading">
<h2 id="delete-heading">Delete application</h2>
<p>Deleting removes the application, its bot user, and every token and authorization issued for it. This cannot be undone.</p>
<form method="post" action="${path}/delete">
${csrfField(portal.csrfToken)}
${checkbox({ name: 'confirm', label: `Yes, delete ${application.name}`, checked: false, required: true })}
<div class="actions"><button type="submit" class="danger">Delete application</button></div>
</form>
</section>`,
  );
}
