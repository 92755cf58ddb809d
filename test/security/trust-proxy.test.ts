// GUILDGATE_TRUST_PROXY: the client address comes from X-Forwarded-For only through trusted hops, so a client varying
// the header it writes itself cannot get past a per-address limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { call, createTestApp, type TestApp } from '../helpers/app.js';

/** Attempts a minute per address in these tests. */
const LIMIT = 3;

function loginVia(t: TestApp, remoteAddress: string, forwardedFor: string | undefined, name: string) {
  return call(t.app, {
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: name, password: 'not the password' },
    remoteAddress,
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });
}

/** Eight logins, each with a different leftmost X-Forwarded-For entry (the one the client writes): their statuses. */
async function spoofedStatuses(t: TestApp, remoteAddress: string, suffix: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 1; i <= 8; i++) statuses.push((await loginVia(t, remoteAddress, `203.0.113.${i}${suffix}`, `name_${i}`)).statusCode);
  return statuses;
}

const REFUSED_AFTER_LIMIT = [401, 401, 401, 429, 429, 429, 429, 429];

async function appTrusting(setting: string | undefined): Promise<TestApp> {
  return createTestApp({ env: { GUILDGATE_LOGIN_ADDRESS_LIMIT: String(LIMIT), ...(setting === undefined ? {} : { GUILDGATE_TRUST_PROXY: setting }) } });
}

describe('trust proxy off (the default)', () => {
  let t: TestApp;
  before(async () => {
    t = await appTrusting(undefined);
  });
  after(() => t.close());

  test('X-Forwarded-For is ignored: varying it does not get past the per-address limit', async () => {
    assert.deepEqual(await spoofedStatuses(t, '10.9.1.1', ''), REFUSED_AFTER_LIMIT);
  });
});

describe('trust proxy on: exactly one hop', () => {
  let t: TestApp;
  before(async () => {
    t = await appTrusting('on');
  });
  after(() => t.close());

  test('the address the proxy appended counts, not the leftmost entry the client wrote', async () => {
    assert.deepEqual(await spoofedStatuses(t, '127.0.0.1', ', 198.51.100.7'), REFUSED_AFTER_LIMIT);
    // Another client behind the same proxy has its own count.
    assert.equal((await loginVia(t, '127.0.0.1', '203.0.113.1, 198.51.100.8', 'other')).statusCode, 401);
  });
});

describe('trust proxy: two hops', () => {
  let t: TestApp;
  before(async () => {
    t = await appTrusting('2');
  });
  after(() => t.close());

  test('the entry the outer proxy wrote counts; what the client wrote before it does not', async () => {
    assert.deepEqual(await spoofedStatuses(t, '127.0.0.1', ', 198.51.100.9, 10.0.0.2'), REFUSED_AFTER_LIMIT);
  });
});

describe('trust proxy: a list of proxy addresses', () => {
  let t: TestApp;
  before(async () => {
    t = await appTrusting('127.0.0.1, 10.20.0.0/16');
  });
  after(() => t.close());

  test('through listed proxies, the first untrusted address from the right counts', async () => {
    assert.deepEqual(await spoofedStatuses(t, '127.0.0.1', ', 198.51.100.10, 10.20.3.4'), REFUSED_AFTER_LIMIT);
  });

  test('from an address that is not a listed proxy, X-Forwarded-For is ignored', async () => {
    assert.deepEqual(await spoofedStatuses(t, '10.9.2.2', ''), REFUSED_AFTER_LIMIT);
  });
});

describe('GUILDGATE_TRUST_PROXY values', () => {
  test('off, on, hops and address lists parse; "trust every hop" has no spelling', () => {
    const trust = (value: string) => loadConfig({ GUILDGATE_DATA_DIR: '/tmp', GUILDGATE_TRUST_PROXY: value }).trustProxy;
    assert.equal(trust('off'), false);
    assert.equal(trust('on'), 1);
    assert.equal(trust('3'), 3);
    assert.deepEqual(trust('10.0.0.1, 192.168.0.0/16,::1'), ['10.0.0.1', '192.168.0.0/16', '::1']);
    for (const bad of ['true', 'all', '0', '11', '10.0.0.0/33', 'proxy.example']) {
      assert.throws(() => trust(bad), {
        message: new RegExp(
          `^GUILDGATE_TRUST_PROXY: expected off, on \\(one hop\\), a number of hops from 1 to 10, or comma-separated proxy addresses or CIDR ranges, got "${bad.replace(/[./]/g, '\\$&')}"$`,
        ),
      });
    }
  });
});
