// Server-rendered pages: the authorization page (/oauth2/authorize, RFC 6749 3.1) with bot installs, the install
// confirmation page (/oauth2/authorized), the pages' assets, and every other page plugin.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../errors/api-error.js';
import { OAuthError, type OAuthErrorCode } from '../../errors/oauth-error.js';
import type { AuthorizationRequest, RawParams } from '../../oauth/authorization-request.js';
import { CONFIRMATION_PATH } from '../../oauth/authorization-response.js';
import { InstallParameterError, tickedPermissions } from '../../oauth/bot-install.js';
import type { GuildRecord } from '../../storage/types.js';
import type { RouteOptions } from '../context.js';
import { Csrf } from '../plugins/csrf.js';
import { registerPageErrors } from '../plugins/page-errors.js';
import { formOf } from '../plugins/page-form.js';
import { formActionSource, sendPage } from '../plugins/page-response.js';
import { loginRedirect, pageSession } from '../plugins/page-session.js';
import { authorizedPage } from '../views/authorized-page.js';
import { consentPage, PERMISSION_CHECKBOX } from '../views/consent-page.js';
import { errorPage } from '../views/error-page.js';
import { SCRIPT_PATH, STYLESHEET_PATH } from '../views/layout.js';
import { SCRIPT } from '../views/script.js';
import { STYLESHEET } from '../views/stylesheet.js';
import { accountPageRoutes } from './account-pages.js';
import { applicationBotPageRoutes } from './application-bot-pages.js';
import { applicationEventsPageRoutes } from './application-events-pages.js';
import { applicationOAuth2PageRoutes } from './application-oauth2-pages.js';
import { applicationPageRoutes } from './application-pages.js';
import { devicePageRoutes } from './device-pages.js';
import { endSessionPageRoutes } from './end-session-pages.js';
import { guildPageRoutes } from './guild-pages.js';
import { upstreamPageRoutes } from './upstream-pages.js';
import { settingsPageRoutes } from './settings-pages.js';

/** Page form fields that are not authorization request parameters. */
const FORM_CONTROLS = new Set(['csrf_token', 'decision', PERMISSION_CHECKBOX]);
const SNOWFLAKE = /^[0-9]{1,20}$/;

function authorizeUrl(params: RawParams): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (FORM_CONTROLS.has(name) || value === undefined) continue;
    for (const item of ([] as string[]).concat(value)) query.append(name, item);
  }
  return `/oauth2/authorize?${query.toString()}`;
}

/** A refusal the user sees: the page for a client error (ApiError 4xx); anything else propagates. */
function refusalPage(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof ApiError && error.status < 500) return sendPage(reply, error.status, errorPage('Cannot complete the request', error.message));
  if (error instanceof InstallParameterError) return sendPage(reply, 400, errorPage('Invalid authorization request', error.message));
  throw error;
}

/** The request as the consent form answered it: the permissions narrowed to the ticked checkboxes. */
function withTickedPermissions(request: AuthorizationRequest, form: RawParams): AuthorizationRequest {
  if (!request.install) return request;
  const ticked = ([] as string[]).concat(form[PERMISSION_CHECKBOX] ?? []);
  return { ...request, install: { ...request.install, permissions: tickedPermissions(request.install.permissions, ticked) } };
}

export const pageRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const csrf = new Csrf(ctx.config.secret);
  const hide = { schema: { hide: true } };

  registerPageErrors(app);

  app.get(STYLESHEET_PATH, hide, async (_request, reply) =>
    reply.header('content-type', 'text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(STYLESHEET),
  );
  app.get(SCRIPT_PATH, hide, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(SCRIPT),
  );

  await app.register(accountPageRoutes, { ctx, csrf });
  await app.register(applicationPageRoutes, { ctx, csrf });
  await app.register(applicationOAuth2PageRoutes, { ctx, csrf });
  await app.register(applicationBotPageRoutes, { ctx, csrf });
  await app.register(applicationEventsPageRoutes, { ctx, csrf });
  await app.register(settingsPageRoutes, { ctx, csrf });
  await app.register(guildPageRoutes, { ctx, csrf });
  await app.register(endSessionPageRoutes, { ctx, csrf });
  await app.register(devicePageRoutes, { ctx, csrf });
  await app.register(upstreamPageRoutes, { ctx });

  /** The authorization page for a request's parameters: refused, redirected, sign-in first, or the consent form. */
  async function authorizePage(request: FastifyRequest, reply: FastifyReply, params: RawParams) {
    const start = await ctx.services.consent.start(params);
    if (start.kind === 'refused') return sendPage(reply, 400, errorPage('Invalid authorization request', start.message));
    if (start.kind === 'redirect') return reply.redirect(start.location, 302);
    const { request: authorization } = start;
    const silent = authorization.prompts.includes('none');
    // prompt=none answers by redirect and never shows a page (OpenID Connect Core 3.1.2.6).
    const silentError = (error: OAuthErrorCode, description: string) =>
      reply.redirect(ctx.services.consent.errorLocation(authorization, new OAuthError(error, description)), 302);
    const signedIn = await pageSession(ctx, request);
    if (!signedIn || ctx.services.consent.needsSignIn(start, signedIn)) {
      if (silent) return silentError('login_required', signedIn ? 'The user must sign in again' : 'The user is not signed in');
      return loginRedirect(reply, authorizeUrl(ctx.services.consent.afterSignIn(params)), 302, authorization.loginHint);
    }
    if (signedIn.user.state === 'banned') {
      if (silent) return silentError('interaction_required', 'The account cannot be used without the user');
      return sendPage(reply, 403, errorPage('Account banned', 'This account is banned.'));
    }
    if (silent) return reply.redirect(await ctx.services.consent.decide(authorization, signedIn, 'silent'), 302);
    const { install } = authorization;
    let guilds: GuildRecord[] = [];
    try {
      if (install)
        guilds = await ctx.services.integrations.installChoices(authorization.application, signedIn.user, install.guildSelectDisabled ? install.guildId : null);
    } catch (error) {
      return refusalPage(reply, error);
    }
    const target = authorization.redirectUri === null ? null : formActionSource(authorization.redirectUri);
    const page = consentPage(authorization, signedIn.user, csrf.token(`consent:${signedIn.session.id}`), guilds);
    return sendPage(reply, 200, page, target ? [target] : []);
  }

  app.get('/oauth2/authorize', hide, async (request, reply) => authorizePage(request, reply, request.query as RawParams));

  app.post('/oauth2/authorize', hide, async (request, reply) => {
    const form = formOf(request) as RawParams;
    // Seed 000 shows `POST /oauth2/authorize` with query parameters: a POST that is not the consent form (no form
    // token) with a query opens the page as GET does; only the consent form below decides anything.
    const query = request.query as RawParams;
    if (form.csrf_token === undefined && Object.keys(query).length > 0) return authorizePage(request, reply, query);
    const signedIn = await pageSession(ctx, request);
    if (!signedIn) return loginRedirect(reply, authorizeUrl(form), 303);
    if (!csrf.verify(`consent:${signedIn.session.id}`, form.csrf_token)) {
      return sendPage(
        reply,
        403,
        errorPage('Request refused', 'The authorization form expired or did not come from this site. Start again from the application.'),
      );
    }
    if (signedIn.user.state === 'banned') return sendPage(reply, 403, errorPage('Account banned', 'This account is banned.'));
    const params = Object.fromEntries(Object.entries(form).filter(([name]) => !FORM_CONTROLS.has(name)));
    const start = await ctx.services.consent.start(params);
    if (start.kind === 'refused') return sendPage(reply, 400, errorPage('Invalid authorization request', start.message));
    if (start.kind === 'redirect') return reply.redirect(start.location, 303);
    const decision = form.decision === 'approve' ? 'approve' : 'deny';
    try {
      return reply.redirect(await ctx.services.consent.decide(withTickedPermissions(start.request, form), signedIn, decision), 303);
    } catch (error) {
      return refusalPage(reply, error);
    }
  });

  app.get(CONFIRMATION_PATH, hide, async (request, reply) => {
    const query = request.query as RawParams;
    const [applicationId, guildId, error] = [query.application_id, query.guild_id, query.error].map((value) => (typeof value === 'string' ? value : undefined));
    if (!applicationId || !SNOWFLAKE.test(applicationId) || (guildId !== undefined && !SNOWFLAKE.test(guildId)) || !guildId === !error) {
      return sendPage(reply, 400, errorPage('Invalid request', 'This confirmation link is incomplete.'));
    }
    let application;
    try {
      application = (await ctx.services.applications.getPublic(applicationId)).application;
    } catch (failure) {
      return refusalPage(reply, failure);
    }
    if (error) return sendPage(reply, 200, authorizedPage(application, { added: false, error }));
    const viewer = await pageSession(ctx, request);
    const guild = viewer ? await ctx.services.integrations.installedGuildFor(viewer.user.id, guildId!, applicationId) : null;
    return sendPage(reply, 200, authorizedPage(application, { added: true, guild }));
  });
};
