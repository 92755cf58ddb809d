// The device verification pages (RFC 8628 section 3.3): enter the code the device shows, see what the application asks
// (the consent screen's summary) beside the code to compare, approve or deny, and the answer.
import type { ApiError } from '../../errors/api-error.js';
import { DEVICE_VERIFICATION_PATH, type PendingDevice } from '../../oauth/device-flow.js';
import { isScope } from '../../oauth/scopes.js';
import { USER_CODE_INPUT_MAX } from '../../oauth/user-codes.js';
import type { ApplicationRecord, UserRecord } from '../../storage/types.js';
import { consentSummary, policyLinks } from './consent-page.js';
import { csrfField, errorSummary, textField } from './form-controls.js';
import { html, type SafeHtml } from './html.js';

/** Where the consent form posts the user's answer. */
export const DEVICE_DECISION_PATH = `${DEVICE_VERIFICATION_PATH}/decision`;

export function deviceEntryPage(csrfToken: string, userCode: string, error?: ApiError): SafeHtml {
  return html`<h1>Connect a device</h1>
<p class="muted">Enter the code your TV, console or command line shows.</p>
${errorSummary(error)}
<form method="post" action="${DEVICE_VERIFICATION_PATH}">
${csrfField(csrfToken)}
${textField({ name: 'user_code', label: 'Code', value: userCode, required: true, maxlength: USER_CODE_INPUT_MAX, autocomplete: 'off', placeholder: 'BCDF-GHJK' })}
<div class="actions"><button type="submit">Continue</button></div>
</form>`;
}

export function deviceConsentPage(csrfToken: string, pending: PendingDevice, user: UserRecord): SafeHtml {
  const { application, code, userCode } = pending;
  return html`${consentSummary(application, user, code.scopes.filter(isScope))}
<p>Code: <strong>${userCode}</strong>. Authorize only if your device shows this code.</p>
${policyLinks(application)}
<form method="post" action="${DEVICE_DECISION_PATH}">
${csrfField(csrfToken)}<input type="hidden" name="user_code" value="${userCode}">
<div class="actions">
<button type="submit" name="decision" value="deny" class="secondary">Cancel</button>
<button type="submit" name="decision" value="approve">Authorize</button>
</div>
</form>`;
}

export function deviceAnsweredPage(application: ApplicationRecord, approved: boolean): SafeHtml {
  return approved
    ? html`<h1>Device connected</h1>
<p>${application.name} can now use your account on your device. You can close this page and go back to the device.</p>`
    : html`<h1>Request denied</h1>
<p>${application.name} was not given access. You can close this page.</p>`;
}
