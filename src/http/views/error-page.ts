// The error page: shown instead of redirecting when the client or redirect URI cannot be trusted (RFC 6749 4.1.2.1), and for page errors.
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

const BACK_TO_APPLICATION = 'You can close this page and go back to the application.';

export function errorPage(title: string, message: string, hint: string | SafeHtml = BACK_TO_APPLICATION): SafeHtml {
  return layout(
    title,
    html`<h1>${title}</h1>
<p class="error" role="alert">${message}</p>
<p class="muted">${hint}</p>`,
  );
}
