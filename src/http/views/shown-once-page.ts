// The page that shows new credentials once (client secret, bot token, API token), with copy buttons and the way back.
import { secretField } from './form-controls.js';
import { html, type SafeHtml } from './html.js';

export interface ShownOnceModel {
  heading: string;
  credentials: { id: string; label: string; value: string; hint?: string }[];
  next: { href: string; label: string };
}

export function shownOncePage(model: ShownOnceModel): SafeHtml {
  return html`<h1>${model.heading}</h1>
<section class="panel" aria-labelledby="once-heading">
<h2 id="once-heading">Copy now</h2>
<p class="notice" role="status">Secrets are shown only this once: guildgate keeps only a digest. Store them somewhere safe, and never in client-side code.</p>
${model.credentials.map((credential) => secretField(credential))}
<p><a href="${model.next.href}">${model.next.label}</a></p>
</section>`;
}
