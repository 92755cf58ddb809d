// The error page: shown instead of redirecting when the client or redirect URI cannot be trusted (RFC 6749 4.1.2.1).
import { html, type SafeHtml } from './html.js';
import { layout } from './layout.js';

export function errorPage(title: string, message: string): SafeHtml {
  return layout(title, html`<h1>${title}</h1>
<p class="error" role="alert">${message}</p>
<p class="muted">You can close this page and go back to the application.</p>`);
}
