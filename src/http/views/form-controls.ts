// Labelled form controls for the pages: fields, checkboxes, one-button post forms, error summaries and shown-once secrets.
import type { ApiError } from '../../errors/api-error.js';
import { html, type SafeHtml } from './html.js';

export interface FieldOptions {
  name: string;
  label: string;
  value?: string | null;
  type?: 'text' | 'url' | 'password' | 'email' | 'number';
  required?: boolean;
  maxlength?: number;
  hint?: string;
  autocomplete?: string;
  placeholder?: string;
}

function hintOf(id: string, hint: string | undefined): SafeHtml | null {
  return hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : null;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="csrf_token" value="${token}">`;
}

export function textField(field: FieldOptions): SafeHtml {
  const id = `f-${field.name}`;
  return html`<label for="${id}">${field.label}</label>
${hintOf(id, field.hint)}<input type="${field.type ?? 'text'}" id="${id}" name="${field.name}" value="${field.value ?? ''}"${field.required ? html` required` : null}${
    field.maxlength ? html` maxlength="${field.maxlength}"` : null
  }${field.autocomplete ? html` autocomplete="${field.autocomplete}"` : null}${field.placeholder ? html` placeholder="${field.placeholder}"` : null}${
    field.hint ? html` aria-describedby="${id}-hint"` : null
  }>`;
}

export function textArea(field: FieldOptions & { rows?: number }): SafeHtml {
  const id = `f-${field.name}`;
  return html`<label for="${id}">${field.label}</label>
${hintOf(id, field.hint)}<textarea id="${id}" name="${field.name}" rows="${field.rows ?? 3}"${field.maxlength ? html` maxlength="${field.maxlength}"` : null}${
    field.required ? html` required` : null
  }${field.placeholder ? html` placeholder="${field.placeholder}"` : null}${field.hint ? html` aria-describedby="${id}-hint"` : null}>${field.value ?? ''}</textarea>`;
}

export function checkbox(options: { name: string; label: string; checked: boolean; value?: string; hint?: string; id?: string; required?: boolean }): SafeHtml {
  const id = options.id ?? `f-${options.name}`;
  return html`<div class="check"><input type="checkbox" id="${id}" name="${options.name}" value="${options.value ?? 'on'}"${options.checked ? html` checked` : null}${
    options.required ? html` required` : null
  }${
    options.hint ? html` aria-describedby="${id}-hint"` : null
  }><label for="${id}">${options.label}</label>${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : null}</div>`;
}

export function select(options: { name: string; label: string; choices: { value: string; label: string }[]; selected: string; hint?: string }): SafeHtml {
  const id = `f-${options.name}`;
  return html`<label for="${id}">${options.label}</label>
${hintOf(id, options.hint)}<select id="${id}" name="${options.name}"${options.hint ? html` aria-describedby="${id}-hint"` : null}>
${options.choices.map((choice) => html`<option value="${choice.value}"${choice.value === options.selected ? html` selected` : null}>${choice.label}</option>`)}
</select>`;
}

/** A form that is one button: a POST to `action` with the CSRF token (Deauthorize, Revoke, Reset...). */
export function postButton(options: { action: string; csrfToken: string; label: string; kind?: 'danger' | 'secondary'; accessibleLabel?: string }): SafeHtml {
  return html`<form method="post" action="${options.action}" class="inline">${csrfField(options.csrfToken)}<button type="submit"${
    options.kind ? html` class="${options.kind}"` : null
  }${options.accessibleLabel ? html` aria-label="${options.accessibleLabel}"` : null}>${options.label}</button></form>`;
}

/** Why a form was refused: each named field with its problem, labelled as on the form (`redirect_uris.1` -> "Redirect URI 2"). */
/** The image types the upload forms accept (src/images decodes these). */
const IMAGE_TYPES = 'image/png,image/jpeg,image/gif,image/webp';

/** A multipart form that uploads one image to `action` under the field `name` (an icon, an avatar). */
export function imageUploadForm(options: { action: string; csrfToken: string; name: string; label: string; button: string }): SafeHtml {
  const id = `f-${options.name}`;
  return html`<form method="post" action="${options.action}" enctype="multipart/form-data">
${csrfField(options.csrfToken)}
<label for="${id}">${options.label}</label>
<p class="hint" id="${id}-hint">PNG, JPEG, GIF or WebP.</p>
<input type="file" id="${id}" name="${options.name}" accept="${IMAGE_TYPES}" required aria-describedby="${id}-hint">
<div class="actions"><button type="submit">${options.button}</button></div>
</form>`;
}

export function errorSummary(error: ApiError | null | undefined, labels: Record<string, string> = {}): SafeHtml | null {
  if (!error) return null;
  const describe = (field: string) => {
    const [name, index] = field.split('.');
    const label = labels[name!];
    if (!label) return field;
    return index !== undefined && /^\d+$/.test(index) ? `${label} ${Number(index) + 1}` : label;
  };
  return html`<div class="error" role="alert"><p>${error.errors ? 'Please fix the following:' : error.message}</p>${
    error.errors ? html`<ul>${error.errors.map((entry) => html`<li><strong>${describe(entry.field)}</strong> ${entry.message}</li>`)}</ul>` : null
  }</div>`;
}

/** A credential shown once: read-only and selectable, with a copy button the script reveals (without it, select and copy). */
export function secretField(options: { id: string; label: string; value: string; hint?: string; multiline?: boolean }): SafeHtml {
  const described = options.hint ? html` aria-describedby="${options.id}-hint"` : null;
  const field = options.multiline
    ? html`<textarea id="${options.id}" rows="3" readonly spellcheck="false"${described}>${options.value}</textarea>`
    : html`<input type="text" id="${options.id}" value="${options.value}" readonly spellcheck="false" autocomplete="off"${described}>`;
  return html`<div class="secret">
<label for="${options.id}">${options.label}</label>
${options.hint ? html`<p class="hint" id="${options.id}-hint">${options.hint}</p>` : null}<div class="copy-row">${field}<button type="button" class="secondary" data-copy="${options.id}" hidden>Copy</button></div>
</div>`;
}

/** A notice after a successful change (role=status, so screen readers announce it). */
export function notice(message: string | null | undefined): SafeHtml | null {
  return message ? html`<p class="notice" role="status">${message}</p>` : null;
}
