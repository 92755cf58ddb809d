// Developer portal Bot tab: the bot's profile, flags and avatar, who may install it, and its token reset (shown once).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ApplicationWithBot } from '../../applications/ownership.js';
import { ApiError } from '../../errors/api-error.js';
import { checked, doneNotice, formOf, imageDataUri, optional, redirectDone, refusal, text, validated, type Form } from '../plugins/page-form.js';
import { portalContext, sendPortalPage, signedInPage, type PortalContext } from '../plugins/page-guard.js';
import { registerImageUploads } from '../plugins/page-uploads.js';
import { applicationFieldsOf, ApplicationUpdateRequest, botChangeOf, BotProfileUpdateRequest } from '../schemas/applications.js';
import { IdParams } from '../schemas/common.js';
import { applicationPath } from '../views/application-frame.js';
import { applicationBotPage, BOT_FLAG_CHOICES, type BotPageModel } from '../views/application-bot-page.js';
import { shownOncePage } from '../views/shown-once-page.js';
import { DEVELOPERS_SECTION, ownedApplication } from '../plugins/developer-portal.js';
import type { PageRouteOptions } from '../context.js';

const NOTICES = { saved: 'Bot profile saved.', flow: 'Authorization flow saved.', avatar: 'Avatar updated.', 'avatar-removed': 'Avatar removed.' };

function profileBody(form: Form) {
  return {
    username: text(form, 'username'),
    discriminator: text(form, 'discriminator'),
    bio: optional(form, 'bio'),
    bot_flags: BOT_FLAG_CHOICES.reduce((flags, { name, bit }) => (checked(form, name) ? flags | bit : flags), 0),
  };
}

export const applicationBotPageRoutes: FastifyPluginAsync<PageRouteOptions> = async (app, { ctx, csrf }) => {
  const { applications, bots } = ctx.services;
  const withId = { schema: { hide: true, params: IdParams } };
  app.addHook('preHandler', signedInPage(ctx, csrf));

  const portalOf = (request: FastifyRequest) => portalContext(csrf, request, DEVELOPERS_SECTION);
  const render = (reply: FastifyReply, status: number, portal: PortalContext, model: BotPageModel) =>
    sendPortalPage(reply, status, portal, `${model.found.application.name}: Bot`, applicationBotPage(portal, model));
  const botPath = (found: ApplicationWithBot) => applicationPath(found.application, 'bot');

  app.get('/developers/applications/:id/bot', withId, async (request, reply) => {
    const portal = portalOf(request);
    return render(reply, 200, portal, { found: await ownedApplication(ctx, portal, request), notice: doneNotice(request, NOTICES) });
  });

  app.post('/developers/applications/:id/bot', withId, async (request, reply) => {
    const portal = portalOf(request);
    const found = await ownedApplication(ctx, portal, request);
    const form = formOf(request);
    try {
      const body = validated(BotProfileUpdateRequest, profileBody(form));
      await bots.updateProfile(portal.principal.user.id, found.application.id, botChangeOf(body));
      return redirectDone(reply, botPath(found), 'saved');
    } catch (error) {
      return render(reply, refusal(error).status, portal, { found, refused: { form: 'profile', draft: form, error: refusal(error) } });
    }
  });

  app.post('/developers/applications/:id/bot/flow', withId, async (request, reply) => {
    const portal = portalOf(request);
    const found = await ownedApplication(ctx, portal, request);
    const form = formOf(request);
    const body = validated(ApplicationUpdateRequest, {
      bot_public: checked(form, 'bot_public'),
      bot_require_code_grant: checked(form, 'bot_require_code_grant'),
    });
    await applications.update(portal.principal.user.id, found.application.id, applicationFieldsOf(body));
    return redirectDone(reply, botPath(found), 'flow');
  });

  app.post('/developers/applications/:id/bot/avatar/remove', withId, async (request, reply) => {
    const portal = portalOf(request);
    const found = await ownedApplication(ctx, portal, request);
    await bots.updateProfile(portal.principal.user.id, found.application.id, { avatar: null });
    return redirectDone(reply, botPath(found), 'avatar-removed');
  });

  app.post('/developers/applications/:id/bot/reset-token', withId, async (request, reply) => {
    const portal = portalOf(request);
    const found = await ownedApplication(ctx, portal, request);
    const { token } = await bots.resetToken(portal.principal.user.id, found.application.id);
    const page = shownOncePage({
      heading: `A new token for ${found.bot.username}`,
      credentials: [{ id: 'bot-token', label: 'Bot token', value: token, hint: 'The previous token no longer works.' }],
      next: { href: botPath(found), label: 'Back to the bot' },
    });
    return sendPortalPage(reply, 200, portal, 'Bot token', page);
  });

  await app.register(async (uploads) => {
    await registerImageUploads(uploads, ctx.config.imageMaxBytes);
    uploads.post('/developers/applications/:id/bot/avatar', withId, async (request, reply) => {
      const portal = portalOf(request);
      const found = await ownedApplication(ctx, portal, request);
      const form = formOf(request);
      try {
        const avatar = imageDataUri(form, 'avatar');
        if (avatar === undefined) throw ApiError.invalidField('avatar', 'is required: choose an image file');
        const body = validated(BotProfileUpdateRequest, { avatar });
        await bots.updateProfile(portal.principal.user.id, found.application.id, botChangeOf(body));
        return redirectDone(reply, botPath(found), 'avatar');
      } catch (error) {
        return render(reply, refusal(error).status, portal, { found, refused: { form: 'avatar', draft: {}, error: refusal(error) } });
      }
    });
  });
};
