// An application's Bot tab: the bot's profile and avatar, its flags, who may install it, and its token reset.
import { BOT_FLAGS } from '../../applications/bots-service.js';
import type { ApplicationWithBot } from '../../applications/ownership.js';
import type { ApiError } from '../../errors/api-error.js';
import { checked, text, type Form } from '../plugins/page-form.js';
import type { PortalContext } from '../plugins/page-guard.js';
import { appIcon } from './app-icon.js';
import { applicationFrame, applicationPath } from './application-frame.js';
import { checkbox, csrfField, errorSummary, imageUploadForm, notice, postButton, textArea, textField } from './form-controls.js';
import { html, type SafeHtml } from './html.js';

export const BOT_LABELS = {
  username: 'Username',
  discriminator: 'Discriminator',
  bio: 'About me',
  bot_flags: 'Flags',
  avatar: 'Avatar',
  bot_public: 'Public bot',
  bot_require_code_grant: 'Requires OAuth2 code grant',
};

export const BOT_FLAG_CHOICES = [
  { name: 'FRIENDLY_BOT', bit: BOT_FLAGS.FRIENDLY_BOT, label: 'Friendly bot', hint: 'Users can add the bot as a friend.' },
  {
    name: 'FRIENDLY_BOT_MANUAL_APPROVAL',
    bit: BOT_FLAGS.FRIENDLY_BOT_MANUAL_APPROVAL,
    label: 'Approve friend requests by hand',
    hint: 'Friend requests wait for the bot to accept them.',
  },
];

export interface BotPageModel {
  found: ApplicationWithBot;
  /** Which form was refused (`profile` or `flow`), with its values and the error. */
  refused?: { form: 'profile' | 'flow' | 'avatar'; draft: Form; error: ApiError };
  notice?: string;
}

export function applicationBotPage(portal: PortalContext, model: BotPageModel): SafeHtml {
  const { application, bot } = model.found;
  const path = applicationPath(application, 'bot');
  const draft = (form: 'profile' | 'flow') => (model.refused?.form === form ? model.refused.draft : null);
  const errorOf = (form: 'profile' | 'flow' | 'avatar') => (model.refused?.form === form ? errorSummary(model.refused.error, BOT_LABELS) : null);
  const profile = draft('profile');
  const flow = draft('flow');
  return applicationFrame(
    application,
    'bot',
    html`${notice(model.notice)}
<section class="panel" aria-labelledby="profile-heading">
<h2 id="profile-heading">Bot profile</h2>
<div class="app">${appIcon(bot.username, bot.avatar)}<div><strong>${bot.username}#${bot.discriminator}</strong><p class="muted">Bot user ID <code>${bot.id}</code></p></div></div>
${errorOf('profile')}
<form method="post" action="${path}">
${csrfField(portal.csrfToken)}
${textField({ name: 'username', label: BOT_LABELS.username, value: profile ? text(profile, 'username') : bot.username, required: true, maxlength: 32, hint: '2 to 32 letters, digits, underscores and periods.' })}
${textField({ name: 'discriminator', label: BOT_LABELS.discriminator, value: profile ? text(profile, 'discriminator') : bot.discriminator, required: true, maxlength: 4, hint: 'Four digits, 0001 to 9999.' })}
${textArea({ name: 'bio', label: `${BOT_LABELS.bio} (optional)`, value: profile ? text(profile, 'bio') : bot.bio, maxlength: 1024 })}
<fieldset><legend>${BOT_LABELS.bot_flags}</legend>
${BOT_FLAG_CHOICES.map(({ name, bit, label, hint }) => checkbox({ name, label, hint, checked: profile ? checked(profile, name) : (bot.flags & bit) !== 0 }))}
</fieldset>
<div class="actions"><button type="submit">Save profile</button></div>
</form>
</section>
<section class="panel" aria-labelledby="avatar-heading">
<h2 id="avatar-heading">Avatar</h2>
${errorOf('avatar')}
${bot.avatar ? postButton({ action: `${path}/avatar/remove`, csrfToken: portal.csrfToken, label: 'Remove avatar', kind: 'secondary' }) : html`<p class="muted">No avatar yet.</p>`}
${imageUploadForm({ action: `${path}/avatar`, csrfToken: portal.csrfToken, name: 'avatar', label: 'Upload a new avatar', button: 'Upload avatar' })}
</section>
<section class="panel" aria-labelledby="flow-heading">
<h2 id="flow-heading">Authorization flow</h2>
${errorOf('flow')}
<form method="post" action="${path}/flow">
${csrfField(portal.csrfToken)}
${checkbox({ name: 'bot_public', label: BOT_LABELS.bot_public, hint: 'Anyone who manages a guild can add the bot; otherwise only you can.', checked: flow ? checked(flow, 'bot_public') : application.botPublic })}
${checkbox({ name: 'bot_require_code_grant', label: BOT_LABELS.bot_require_code_grant, hint: 'Adding the bot needs the full authorization code grant (your server exchanges the code).', checked: flow ? checked(flow, 'bot_require_code_grant') : application.botRequireCodeGrant })}
<div class="actions"><button type="submit">Save</button></div>
</form>
</section>
<section class="panel" aria-labelledby="token-heading">
<h2 id="token-heading">Token</h2>
<p class="muted">The bot token is shown only once, when it is made. Resetting it stops the old one at once.</p>
${postButton({ action: `${path}/reset-token`, csrfToken: portal.csrfToken, label: 'Reset token', kind: 'danger' })}
</section>`,
  );
}
