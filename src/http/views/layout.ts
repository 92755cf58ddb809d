// The shared page layout: document shell, the one stylesheet, a header with navigation when signed in, and a main landmark.
import { html, type SafeHtml } from './html.js';

export const STYLESHEET_PATH = '/assets/guildgate.css';
export const SCRIPT_PATH = '/assets/guildgate.js';

/** The signed-in user's header: who is signed in, the sections, and a Sign out form (POST with the CSRF token). */
export interface NavModel {
  username: string;
  csrfToken: string;
  /** The path of the section the page belongs to, marked aria-current. */
  current?: string;
}

export interface LayoutOptions {
  nav?: NavModel;
  /** Loads the external enhancement script (copy buttons); the page's CSP must then allow 'self' scripts. */
  script?: boolean;
}

const SECTIONS = [
  { path: '/developers/applications', label: 'Applications' },
  { path: '/settings/authorized-apps', label: 'Authorized apps' },
  { path: '/settings/sessions', label: 'Sessions' },
];

function header(nav: NavModel): SafeHtml {
  return html`<header class="site-header">
<a class="brand" href="/">guildgate</a>
<nav aria-label="Main"><ul>
${SECTIONS.map(({ path, label }) => html`<li><a href="${path}"${nav.current === path ? html` aria-current="page"` : null}>${label}</a></li>`)}
</ul></nav>
<form method="post" action="/logout" class="signout">
<input type="hidden" name="csrf_token" value="${nav.csrfToken}">
<span class="muted">${nav.username}</span> <button type="submit" class="secondary small">Sign out</button>
</form>
</header>`;
}

export function layout(title: string, body: SafeHtml, options: LayoutOptions = {}): SafeHtml {
  const { nav, script } = options;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · guildgate</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
${script ? html`<script src="${SCRIPT_PATH}" defer></script>` : null}
</head>
<body${nav ? html` class="portal"` : null}>
${nav ? header(nav) : null}
<main class="${nav ? 'page' : 'card'}">
${body}
</main>
</body>
</html>
`;
}
