// Instants on pages: a <time> element with the ISO value and a short UTC reading.
import { toIso } from '../../clock.js';
import { html, type SafeHtml } from './html.js';

export function timeTag(ms: number | null, never = 'Never'): SafeHtml {
  if (ms === null) return html`${never}`;
  const iso = toIso(ms);
  return html`<time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC</time>`;
}
