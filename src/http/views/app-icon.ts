// An application's or bot's picture: the stored image by hash, or its initial on a coloured disc.
import { html, type SafeHtml } from './html.js';

export function imageUrl(hash: string): string {
  return `/images/${hash}`;
}

export function appIcon(name: string, hash: string | null, size: 'large' | 'small' = 'large'): SafeHtml {
  const small = size === 'small' ? ' small' : '';
  return hash
    ? html`<img class="icon${small}" src="${imageUrl(hash)}" alt="">`
    : html`<span class="initial${small}" aria-hidden="true">${name.slice(0, 1).toUpperCase()}</span>`;
}
