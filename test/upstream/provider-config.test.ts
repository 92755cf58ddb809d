// Upstream provider settings: the DISCORD preset, defaults, and one clear ConfigError line for each bad or missing setting.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { guildgate } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';
import { providerEnv } from '../helpers/upstream.js';

const REDIRECT = 'https://miki.example/callback';
const GG = {
  CLIENT_ID: '1234',
  CLIENT_SECRET: 'secret',
  AUTHORIZE_URL: 'https://gg.example/oauth2/authorize',
  TOKEN_URL: 'https://gg.example/api/v1/oauth2/token',
  API_URL: 'https://gg.example/api/v1',
  REDIRECT_URIS: REDIRECT,
};

const upstream = (env: Record<string, string>) => loadConfig(env).upstream;

function refused(env: Record<string, string>, message: string): void {
  assert.throws(
    () => loadConfig(env),
    (error: unknown) => error instanceof ConfigError && error.message === message,
  );
}

describe('upstream provider settings', () => {
  test('the DISCORD preset needs only the id, the secret and the redirect URIs', () => {
    assert.deepEqual(upstream(providerEnv('DISCORD', { CLIENT_ID: '1122334455', CLIENT_SECRET: 'shh', REDIRECT_URIS: REDIRECT })), {
      providers: [
        {
          name: 'discord',
          label: 'Discord',
          clientId: '1122334455',
          clientSecret: 'shh',
          authorizeUrl: 'https://discord.com/oauth2/authorize',
          tokenUrl: 'https://discord.com/api/oauth2/token',
          apiUrl: 'https://discord.com/api/v10',
          redirectUris: [REDIRECT],
          appLoginRedirectUris: [],
          scopes: ['identify', 'guilds'],
          tokenAuthMethod: 'client_secret_post',
        },
      ],
      timeoutMs: 5000,
    });
  });

  test('any Discord-compatible provider: its own URLs, several redirect URIs, scopes, Basic auth and a timeout', () => {
    const settings = upstream({
      ...providerEnv('GG', {
        ...GG,
        API_URL: 'https://gg.example/api/v1/',
        REDIRECT_URIS: `${REDIRECT} , com.miki.app:/cb,${REDIRECT}`,
        APP_LOGIN_REDIRECT_URIS: 'com.miki.app:/cb',
        SCOPES: 'identify  guilds email',
        TOKEN_AUTH_METHOD: 'client_secret_basic',
      }),
      GUILDGATE_UPSTREAM_TIMEOUT: '2500',
    });
    assert.equal(settings.timeoutMs, 2500);
    assert.deepEqual(settings.providers[0], {
      name: 'gg',
      label: 'Gg',
      clientId: '1234',
      clientSecret: 'secret',
      authorizeUrl: 'https://gg.example/oauth2/authorize',
      tokenUrl: 'https://gg.example/api/v1/oauth2/token',
      apiUrl: 'https://gg.example/api/v1',
      redirectUris: [REDIRECT, 'com.miki.app:/cb'],
      appLoginRedirectUris: ['com.miki.app:/cb'],
      scopes: ['identify', 'guilds', 'email'],
      tokenAuthMethod: 'client_secret_basic',
    });
  });

  test('no variables, or only empty ones, configure no provider; several are sorted by name', () => {
    assert.deepEqual(upstream({}), { providers: [], timeoutMs: 5000 });
    assert.deepEqual(upstream(providerEnv('DISCORD', { CLIENT_ID: '', CLIENT_SECRET: '' })).providers, []);
    const names = upstream({
      ...providerEnv('ZED', GG),
      ...providerEnv('DISCORD', { CLIENT_ID: '1', CLIENT_SECRET: '2', REDIRECT_URIS: REDIRECT }),
    }).providers.map((p) => p.name);
    assert.deepEqual(names, ['discord', 'zed']);
  });

  test('each bad or missing setting fails with one line naming the variable', () => {
    const without = (setting: keyof typeof GG) => providerEnv('GG', Object.fromEntries(Object.entries(GG).filter(([name]) => name !== setting)));
    const cases: [Record<string, string>, string][] = [
      [without('CLIENT_ID'), 'GUILDGATE_UPSTREAM_GG_CLIENT_ID: expected a value: the provider issues it with the application'],
      [without('CLIENT_SECRET'), 'GUILDGATE_UPSTREAM_GG_CLIENT_SECRET: expected a value: the provider issues it with the application'],
      [
        providerEnv('GG', { ...GG, CLIENT_SECRET: 'has space' }),
        'GUILDGATE_UPSTREAM_GG_CLIENT_SECRET: expected printable ASCII without spaces, at most 512 characters',
      ],
      [without('TOKEN_URL'), 'GUILDGATE_UPSTREAM_GG_TOKEN_URL: expected an http(s) URL: only the DISCORD provider has preset URLs'],
      [without('AUTHORIZE_URL'), 'GUILDGATE_UPSTREAM_GG_AUTHORIZE_URL: expected an http(s) URL: only the DISCORD provider has preset URLs'],
      [providerEnv('GG', { ...GG, API_URL: 'gg.example/api' }), 'GUILDGATE_UPSTREAM_GG_API_URL: expected an absolute http(s) URL, got "gg.example/api"'],
      [
        providerEnv('GG', { ...GG, TOKEN_URL: 'ftp://gg.example/token' }),
        'GUILDGATE_UPSTREAM_GG_TOKEN_URL: expected an http(s) URL without query or fragment, got "ftp://gg.example/token"',
      ],
      [without('REDIRECT_URIS'), 'GUILDGATE_UPSTREAM_GG_REDIRECT_URIS: expected a comma-separated list of the redirect URIs a login may use'],
      [
        providerEnv('GG', { ...GG, REDIRECT_URIS: `${REDIRECT},/relative` }),
        'GUILDGATE_UPSTREAM_GG_REDIRECT_URIS: expected comma-separated redirect URIs; "/relative" must be an absolute URI',
      ],
      [
        providerEnv('GG', { ...GG, REDIRECT_URIS: `${REDIRECT}#frag` }),
        `GUILDGATE_UPSTREAM_GG_REDIRECT_URIS: expected comma-separated redirect URIs; "${REDIRECT}#frag" must not contain a fragment (#)`,
      ],
      [
        providerEnv('GG', { ...GG, REDIRECT_URIS: `${REDIRECT},` }),
        'GUILDGATE_UPSTREAM_GG_REDIRECT_URIS: expected comma-separated redirect URIs; "" must not be empty',
      ],
      [
        providerEnv('GG', { ...GG, APP_LOGIN_REDIRECT_URIS: 'com.miki.app:/cb' }),
        'GUILDGATE_UPSTREAM_GG_APP_LOGIN_REDIRECT_URIS: expected comma-separated redirect URIs of the provider\'s REDIRECT_URIS; "com.miki.app:/cb" is not one',
      ],
      [providerEnv('GG', { ...GG, SCOPES: 'guilds' }), 'GUILDGATE_UPSTREAM_GG_SCOPES: expected space-separated scopes including identify, got "guilds"'],
      [
        providerEnv('GG', { ...GG, SCOPES: 'identify "x"' }),
        'GUILDGATE_UPSTREAM_GG_SCOPES: expected space-separated scopes including identify, got "identify "x""',
      ],
      [
        providerEnv('GG', { ...GG, TOKEN_AUTH_METHOD: 'none' }),
        'GUILDGATE_UPSTREAM_GG_TOKEN_AUTH_METHOD: expected one of client_secret_post, client_secret_basic, got "none"',
      ],
      [
        { ...providerEnv('GG', GG), GUILDGATE_UPSTREAM_GG_CLIENTID: '1' },
        'GUILDGATE_UPSTREAM_GG_CLIENTID: expected a known variable: GUILDGATE_UPSTREAM_<NAME>_{CLIENT_ID, CLIENT_SECRET, AUTHORIZE_URL, TOKEN_URL, API_URL, REDIRECT_URIS, APP_LOGIN_REDIRECT_URIS, SCOPES, TOKEN_AUTH_METHOD} (NAME: letters and digits), GUILDGATE_UPSTREAM_TIMEOUT, GUILDGATE_UPSTREAM_LOGIN_ADDRESS_LIMIT or GUILDGATE_UPSTREAM_LOGIN_LIMIT',
      ],
      [
        providerEnv('MY_GG', GG),
        'GUILDGATE_UPSTREAM_MY_GG_CLIENT_ID: expected a known variable: GUILDGATE_UPSTREAM_<NAME>_{CLIENT_ID, CLIENT_SECRET, AUTHORIZE_URL, TOKEN_URL, API_URL, REDIRECT_URIS, APP_LOGIN_REDIRECT_URIS, SCOPES, TOKEN_AUTH_METHOD} (NAME: letters and digits), GUILDGATE_UPSTREAM_TIMEOUT, GUILDGATE_UPSTREAM_LOGIN_ADDRESS_LIMIT or GUILDGATE_UPSTREAM_LOGIN_LIMIT',
      ],
      [{ GUILDGATE_UPSTREAM_TIMEOUT: '50' }, 'GUILDGATE_UPSTREAM_TIMEOUT: expected an integer from 100 to 60000, got "50"'],
    ];
    for (const [env, message] of cases) refused(env, message);
  });

  test('guildgate refuses to start on a bad provider setting: one line, exit 2', async () => {
    const result = await guildgate(['migrate'], { GUILDGATE_DATA_DIR: tempDir(), ...providerEnv('DISCORD', { CLIENT_ID: '1', REDIRECT_URIS: REDIRECT }) });
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'guildgate: GUILDGATE_UPSTREAM_DISCORD_CLIENT_SECRET: expected a value: the provider issues it with the application\n');
  });
});
