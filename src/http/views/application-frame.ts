// The frame of an application's pages: its name and icon, and the tabs (General, OAuth2, Bot, Events).
import type { ApplicationRecord } from '../../storage/types.js';
import { appIcon } from './app-icon.js';
import { html, type SafeHtml } from './html.js';

export type ApplicationTab = 'general' | 'oauth2' | 'bot' | 'events';

const TABS: { tab: ApplicationTab; suffix: string; label: string }[] = [
  { tab: 'general', suffix: '', label: 'General information' },
  { tab: 'oauth2', suffix: '/oauth2', label: 'OAuth2' },
  { tab: 'bot', suffix: '/bot', label: 'Bot' },
  { tab: 'events', suffix: '/events', label: 'Events' },
];

export function applicationPath(application: ApplicationRecord, tab: ApplicationTab = 'general'): string {
  return `/developers/applications/${application.id}${TABS.find((entry) => entry.tab === tab)!.suffix}`;
}

export function applicationFrame(application: ApplicationRecord, current: ApplicationTab, body: SafeHtml): SafeHtml {
  return html`<p class="muted"><a href="/developers/applications">Applications</a> /</p>
<div class="app">${appIcon(application.name, application.icon)}<div><h1>${application.name}</h1>
<p class="muted">Client ID <code>${application.id}</code></p></div></div>
<nav class="subnav" aria-label="Application settings"><ul>
${TABS.map(({ tab, label }) => html`<li><a href="${applicationPath(application, tab)}"${tab === current ? html` aria-current="page"` : null}>${label}</a></li>`)}
</ul></nav>
${body}`;
}
