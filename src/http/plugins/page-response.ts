// How pages are answered: HTML, no caching, and a strict per-page CSP (frame-ancestors 'none', own scripts only where needed, own forms).
import type { FastifyReply } from 'fastify';
import type { SafeHtml } from '../views/html.js';

/** A CSP source for where a form on the page may finally land (a redirect after the post counts in browsers). */
export function formActionSource(uri: string): string | null {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
  } catch {
    return null;
  }
}

export interface PageOptions {
  /** Loads the page's own external script (layout option `script`): CSP `script-src 'self'`; no inline script either way. */
  script?: boolean;
}

export function sendPage(reply: FastifyReply, status: number, page: SafeHtml, formTargets: string[] = [], options: PageOptions = {}): FastifyReply {
  const formAction = ["'self'", ...formTargets].join(' ');
  const scriptSource = options.script ? "; script-src 'self'" : '';
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src 'self'; img-src 'self'${scriptSource}; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    )
    .send(page.value);
}
