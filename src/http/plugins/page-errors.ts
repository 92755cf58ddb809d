// Errors on page routes answer an HTML error page with the same status and message the API would give, never JSON.
import type { FastifyError, FastifyInstance } from 'fastify';
import { errorPage } from '../views/error-page.js';
import { html } from '../views/html.js';
import { toApiError } from './error-handler.js';
import { sendPage } from './page-response.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Too large',
  415: 'Unsupported form',
  429: 'Too many requests',
  503: 'Try again shortly',
};

/** Installs the HTML error handler on a (page routes) plugin context. */
export function registerPageErrors(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = toApiError(error);
    if (apiError.status >= 500 && apiError.status !== 503) request.log.error({ err: error }, 'page failed');
    if (apiError.headers) reply.headers(apiError.headers);
    const title = TITLES[apiError.status] ?? (apiError.status >= 500 ? 'Something went wrong' : 'Request failed');
    return sendPage(reply, apiError.status, errorPage(title, apiError.message, html`<a href="/">Back to the start page</a>`));
  });
}
