// Browser scenario in Chromium: register, create an app, copy its secret, a second user (no JavaScript) authorizes it, the code
// is exchanged, the app shows under authorized apps, deauthorizing kills its token; the bot is installed into a guild from the
// consent page and removed on the guild page. Every page is screenshotted into test-output/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { listeningTestApp } from '../helpers/listening.js';
import type { TestApp } from '../helpers/app.js';
import { BROWSER_SKIP, launchChromium, screenshot, startRedirectListener, type RedirectListener } from '../helpers/browser.js';
import { solidPng } from '../helpers/png.js';
import { LOOPBACK_WEBHOOKS, startWebhookListener, type WebhookListener } from '../helpers/webhook-listener.js';

describe('developer portal and consent in Chromium', { skip: BROWSER_SKIP }, () => {
  let t: TestApp & { issuer: string };
  let browser: Browser;
  let developer: BrowserContext;
  let dev: Page;
  let callback: RedirectListener;
  let webhook: WebhookListener;
  /** Shared by the steps below, in order. */
  const state = { appId: '', secret: '', authorizeUrl: '', accessToken: '', botToken: '' };

  /** Fills in and sends the registration form the page shows. */
  async function register(page: Page, username: string): Promise<void> {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
    await page.getByLabel('Confirm password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
  }

  before(async () => {
    [t, browser, callback, webhook] = await Promise.all([
      listeningTestApp('sqlite', LOOPBACK_WEBHOOKS),
      launchChromium(),
      startRedirectListener(),
      startWebhookListener(),
    ]);
    developer = await browser.newContext();
    await developer.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.issuer });
    dev = await developer.newPage();
  });
  after(async () => {
    await browser?.close();
    await Promise.all([t?.close(), callback?.close(), webhook?.close()]);
  });

  test('registering signs in and lands on the start page', async () => {
    await dev.goto(`${t.issuer}/login`);
    await screenshot(dev, '01-login');
    await dev.getByRole('link', { name: 'Create an account' }).click();
    await screenshot(dev, '01b-register');
    await register(dev, 'dev_alice');
    await screenshot(dev, '02-register-done-home');
    assert.equal(new URL(dev.url()).pathname, '/');
    assert.equal(await dev.getByRole('heading', { level: 1 }).textContent(), 'Welcome, dev_alice');
  });

  test('creating an application shows its secret once, and the copy button copies it', async () => {
    await dev.getByRole('link', { name: 'Applications' }).click();
    await screenshot(dev, '03-applications-empty');
    await dev.getByLabel('Name').fill('Pixel Pals');
    await dev.getByLabel('Redirect URIs').fill('http://pixel.example/callback');
    await dev.getByRole('button', { name: 'Create' }).click();
    await dev.getByRole('alert').getByText('Redirect URI 1').waitFor();
    await screenshot(dev, '03b-applications-refused');
    await dev.getByLabel('Name').fill('Pixel Pals');
    await dev.getByLabel('Description (optional)').fill('Pets that live in your guild.');
    await dev.getByLabel('Redirect URIs').fill(callback.uri);
    await dev.getByLabel('Terms of Service URL (optional)').fill('https://pixel.example/terms');
    await dev.getByLabel('Privacy Policy URL (optional)').fill('https://pixel.example/privacy');
    await dev.getByRole('button', { name: 'Create' }).click();
    await screenshot(dev, '04-application-created');
    state.appId = await dev.getByLabel('Client ID').inputValue();
    const shown = await dev.getByLabel('Client secret').inputValue();
    assert.match(shown, /^ggcs_/);
    await dev.locator('button[data-copy="client-secret"]').click();
    await dev.getByRole('button', { name: 'Copied' }).waitFor();
    state.secret = await dev.evaluate(() => navigator.clipboard.readText());
    assert.equal(state.secret, shown);
  });

  test('the application page takes an icon upload', async () => {
    await dev.getByRole('link', { name: 'Go to Pixel Pals' }).click();
    await dev.getByLabel('Upload a new icon').setInputFiles({ name: 'icon.png', mimeType: 'image/png', buffer: solidPng(64, [88, 101, 242]) });
    await dev.getByRole('button', { name: 'Upload icon' }).click();
    await dev.getByText('Icon updated.').waitFor();
    assert.match((await dev.locator('.app img.icon').getAttribute('src'))!, /^\/images\/[0-9a-f]{64}$/);
    await screenshot(dev, '05-application-general');
  });

  test('the OAuth2 URL generator builds the authorize URL without script', async () => {
    await dev.getByRole('link', { name: 'OAuth2' }).click();
    await dev.getByRole('checkbox', { name: 'identify' }).check();
    await dev.getByRole('checkbox', { name: 'email' }).check();
    await dev.getByLabel('Redirect URI', { exact: true }).selectOption(callback.uri);
    await dev.getByRole('button', { name: 'Generate URL' }).click();
    state.authorizeUrl = await dev.getByLabel('Generated URL').inputValue();
    await screenshot(dev, '06-application-oauth2');
    const url = new URL(state.authorizeUrl);
    assert.equal(`${url.origin}${url.pathname}`, `${t.issuer}/oauth2/authorize`);
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      client_id: state.appId,
      response_type: 'code',
      redirect_uri: callback.uri,
      scope: 'identify email',
    });
  });

  test('the bot page resets the token and shows it once', async () => {
    await dev.getByRole('link', { name: 'Bot', exact: true }).click();
    await screenshot(dev, '07-application-bot');
    await dev.getByRole('button', { name: 'Reset token' }).click();
    state.botToken = await dev.getByLabel('Bot token').inputValue();
    assert.match(state.botToken, /^ggb_/);
    await screenshot(dev, '08-bot-token-reset');
    await dev.getByRole('link', { name: 'Back to the bot' }).click();
  });

  test('the events page saves a webhook URL after its PING', async () => {
    await dev.getByRole('link', { name: 'Events' }).click();
    await dev.getByLabel('Endpoint URL').fill(webhook.url);
    for (const type of ['APPLICATION_AUTHORIZED', 'INTEGRATION_CREATED', 'INTEGRATION_REMOVED']) await dev.getByRole('checkbox', { name: type }).check();
    await dev.getByLabel('Status').selectOption('enabled');
    await dev.getByRole('button', { name: 'Save changes' }).click();
    await dev.getByText('Event webhook settings saved.').waitFor();
    assert.equal(webhook.received.length, 1, 'one PING');
    await screenshot(dev, '09-application-events');
  });

  test('a second user, without JavaScript, authorizes the app and lands on the redirect URI with a code; deauthorizing kills its token', async () => {
    const userContext = await browser.newContext({ javaScriptEnabled: false });
    const user = await userContext.newPage();
    await user.goto(state.authorizeUrl);
    assert.equal(new URL(user.url()).pathname, '/login');
    await user.getByRole('link', { name: 'Create an account' }).click();
    await register(user, 'bob_user');
    assert.equal(new URL(user.url()).pathname, '/oauth2/authorize');
    await screenshot(user, '10-consent');
    await user.getByRole('button', { name: 'Authorize' }).click();
    await user.getByRole('heading', { name: 'Callback received' }).waitFor();
    const landed = new URL(user.url());
    assert.equal(`${landed.origin}${landed.pathname}`, callback.uri);
    const code = landed.searchParams.get('code')!;
    assert.match(code, /^ggc_/);
    assert.equal(landed.searchParams.get('iss'), t.issuer);

    const exchange = await fetch(`${t.issuer}/api/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${state.appId}:${state.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: callback.uri }),
    });
    assert.equal(exchange.status, 200);
    const tokens = (await exchange.json()) as { access_token: string; scope: string };
    assert.equal(tokens.scope, 'identify email');
    state.accessToken = tokens.access_token;
    const me = await fetch(`${t.issuer}/api/v1/oauth2/@me`, { headers: { authorization: `Bearer ${state.accessToken}` } });
    assert.equal(me.status, 200);

    await user.goto(`${t.issuer}/settings/authorized-apps`);
    await user.getByRole('heading', { name: 'Pixel Pals' }).waitFor();
    await user.getByText('Know your email address').waitFor();
    await screenshot(user, '11-authorized-apps');
    await user.getByRole('button', { name: 'Deauthorize Pixel Pals' }).click();
    await user.getByText('The application is deauthorized').waitFor();
    await screenshot(user, '12-authorized-apps-after');
    const dead = await fetch(`${t.issuer}/api/v1/oauth2/@me`, { headers: { authorization: `Bearer ${state.accessToken}` } });
    assert.equal(dead.status, 401);

    await user.getByRole('link', { name: 'Sessions' }).click();
    await user.getByLabel('Name').fill('backup script');
    await user.getByLabel('Expires after').selectOption({ label: '7 days' });
    await user.getByRole('button', { name: 'Create token' }).click();
    const apiToken = await user.getByLabel('API token').inputValue();
    assert.equal(await user.locator('button[data-copy="api-token"]').isHidden(), true, 'no copy button without script');
    await screenshot(user, '13-api-token-created');
    const asToken = await fetch(`${t.issuer}/api/v1/sessions/@me`, { headers: { authorization: `Bearer ${apiToken}` } });
    assert.equal(asToken.status, 200);
    await user.getByRole('link', { name: 'Back to sessions' }).click();
    await screenshot(user, '14-sessions');
    await user.getByRole('button', { name: /^Revoke backup script/ }).click();
    await user.getByText('Revoked.').waitFor();
    assert.equal((await fetch(`${t.issuer}/api/v1/sessions/@me`, { headers: { authorization: `Bearer ${apiToken}` } })).status, 401);
    await user.getByRole('button', { name: 'Sign out', exact: true }).first().click();
    assert.equal(new URL(user.url()).pathname, '/login');
    await userContext.close();
  });

  test('the developer installs the bot into a guild from the consent page, and removes it on the guild page', async () => {
    const session = (await developer.cookies()).find((cookie) => cookie.name === 'gg_session')!.value;
    const created = await fetch(`${t.issuer}/api/v1/guilds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Pixel Plaza' }),
    });
    const guild = (await created.json()) as { id: string };
    const botReadsGuild = async () => (await fetch(`${t.issuer}/api/v1/guilds/${guild.id}`, { headers: { authorization: `Bot ${state.botToken}` } })).status;
    assert.equal(await botReadsGuild(), 403);

    await dev.goto(`${t.issuer}/developers/applications/${state.appId}/oauth2`);
    await dev.getByRole('checkbox', { name: 'bot', exact: true }).check();
    await dev.getByLabel('Redirect URI', { exact: true }).selectOption({ label: 'None in the URL' });
    await dev.getByRole('checkbox', { name: 'Send messages', exact: true }).check();
    await dev.getByRole('checkbox', { name: 'Embed links', exact: true }).check();
    await dev.getByRole('button', { name: 'Generate URL' }).click();
    const installUrl = new URL(await dev.getByLabel('Generated URL').inputValue());
    assert.deepEqual(Object.fromEntries(installUrl.searchParams), { client_id: state.appId, scope: 'bot', permissions: String(2048 + 16384) });

    await dev.goto(installUrl.href);
    await dev.getByLabel('Add to server').selectOption({ label: 'Pixel Plaza' });
    await dev.getByRole('checkbox', { name: 'Embed links' }).uncheck();
    await screenshot(dev, '16-install-consent');
    await dev.getByRole('button', { name: 'Authorize' }).click();
    assert.equal(new URL(dev.url()).pathname, '/oauth2/authorized');
    await screenshot(dev, '17-install-confirmation');
    assert.equal(await botReadsGuild(), 200);

    await dev.goto(t.issuer);
    await dev.getByRole('link', { name: 'integrations' }).click();
    await dev.getByRole('heading', { name: 'Pixel Pals' }).waitFor();
    assert.deepEqual(await dev.locator('h3:text("Permissions") + ul li').allTextContents(), ['Send messages']);
    await screenshot(dev, '18-guild-integrations');
    await dev.getByRole('button', { name: 'Remove Pixel Pals from Pixel Plaza' }).click();
    await dev.getByText('The application is removed from the guild.').waitFor();
    await screenshot(dev, '19-guild-integrations-after');
    assert.equal(await botReadsGuild(), 403);
  });

  test('the delivery log shows the events the installs and authorizations sent', async () => {
    while ((await t.app.eventDelivery.runOnce()) > 0);
    await dev.goto(`${t.issuer}/developers/applications/${state.appId}/events`);
    const types = await dev.locator('tbody td:nth-child(2) code').allTextContents();
    // The second user's authorization, the guild install (an authorization too, and an integration) and its removal.
    assert.deepEqual(types.sort(), ['APPLICATION_AUTHORIZED', 'APPLICATION_AUTHORIZED', 'INTEGRATION_CREATED', 'INTEGRATION_REMOVED']);
    await screenshot(dev, '20-delivery-log');
  });

  test('the applications list shows the app; an unknown application is an error page', async () => {
    await dev.goto(`${t.issuer}/developers/applications`);
    await dev.getByRole('link', { name: 'Pixel Pals' }).waitFor();
    await screenshot(dev, '15-applications-list');
    const missing = await dev.goto(`${t.issuer}/developers/applications/1234`);
    assert.equal(missing!.status(), 404);
    await screenshot(dev, '21-error-page');
  });
});
