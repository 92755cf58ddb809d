// Owner-chosen webhook targets: only global unicast addresses, checked at connect time (literal IPs and every resolved
// address), https only unless private targets are allowed, redirects not followed, failures told in plain words.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isBlockedAddress } from '../../src/webhooks/blocked-addresses.js';
import type { ResolvedAddress } from '../../src/webhooks/guarded-agent.js';
import { generateSigningKeyPair } from '../../src/webhooks/signing.js';
import { WebhookSender, type PostResult } from '../../src/webhooks/signed-post.js';
import { startWebhookListener, type WebhookListener } from '../helpers/webhook-listener.js';

const BLOCKED = [
  '127.0.0.1',
  '127.255.0.9',
  '::1',
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::7f00:1',
  '169.254.169.254',
  'fe80::1',
  '10.1.2.3',
  '172.16.0.1',
  '192.168.1.1',
  '100.64.0.1',
  'fc00::1',
  'fd12:3456::1',
  '0.0.0.0',
  '::',
  '255.255.255.255',
  '224.0.0.1',
  'ff02::1',
  '192.0.2.1',
  '240.0.0.1',
  '2001:db8::1',
  '2002:7f00:1::1',
  '2001::1',
  '64:ff9b::a00:1',
  '::ffff:10.0.0.1',
  'not an address',
];
const ALLOWED = ['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'];

/** A resolver from a fixed table, counting its look-ups; unknown names fail as DNS would. */
function tableResolver(table: Record<string, string[]>) {
  const calls: string[] = [];
  const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolve, calls };
}

const outcome = (result: PostResult) => [result.status, result.error, result.ok];

describe('blocked addresses', () => {
  test('loopback, private, link-local, CGNAT, ULA, special and IPv4-mapped internal addresses are blocked', () => {
    assert.deepEqual(
      BLOCKED.filter((address) => !isBlockedAddress(address)),
      [],
    );
  });
  test('global unicast addresses are allowed', () => {
    assert.deepEqual(
      ALLOWED.filter((address) => isBlockedAddress(address)),
      [],
    );
  });
});

describe('webhook sender', () => {
  let listener: WebhookListener;
  let port: string;
  const { signingKey } = generateSigningKeyPair();
  const senders: WebhookSender[] = [];
  const sender = (allowPrivate: boolean, table: Record<string, string[]> = {}) => {
    const resolver = tableResolver(table);
    const made = new WebhookSender({ timeoutMs: 2000, allowPrivate }, resolver.resolve);
    senders.push(made);
    return { sender: made, calls: resolver.calls };
  };
  before(async () => {
    listener = await startWebhookListener();
    port = new URL(listener.url).port;
  });
  after(async () => {
    await Promise.all(senders.map((s) => s.close()));
    await listener.close();
  });

  test('literal internal addresses are not allowed, and nothing is connected to', async () => {
    const { sender: guarded, calls } = sender(false);
    for (const url of [
      `https://127.0.0.1:${port}/events`,
      `https://[::1]:${port}/events`,
      `https://[::ffff:127.0.0.1]:${port}/events`,
      `https://0x7f.1:${port}/events`,
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/events',
      'https://[fd00::1]/events',
    ]) {
      assert.deepEqual(outcome(await guarded.post(url, '{}', signingKey, Date.now())), [null, 'not allowed', false], url);
    }
    assert.deepEqual(calls, []);
    assert.equal(listener.received.length, 0);
  });

  test('a name is refused when any address it resolves to is internal', async () => {
    const { sender: guarded, calls } = sender(false, {
      'hooks.internal.test': ['127.0.0.1'],
      'metadata.test': ['169.254.169.254'],
      'mixed.test': ['93.184.216.34', '10.0.0.7'],
      'mapped.test': ['::ffff:127.0.0.1'],
    });
    for (const host of ['hooks.internal.test', 'metadata.test', 'mixed.test', 'mapped.test']) {
      assert.deepEqual(outcome(await guarded.post(`https://${host}:${port}/events`, '{}', signingKey, Date.now())), [null, 'not allowed', false], host);
    }
    assert.deepEqual(calls, ['hooks.internal.test', 'metadata.test', 'mixed.test', 'mapped.test'], 'resolved when connecting');
    assert.equal(listener.received.length, 0);
  });

  test('plain http is not allowed, even to a public address; an unknown name is unreachable', async () => {
    const { sender: guarded, calls } = sender(false, { 'public.test': ['93.184.216.34'] });
    assert.deepEqual(outcome(await guarded.post('http://public.test/events', '{}', signingKey, Date.now())), [null, 'not allowed', false]);
    assert.deepEqual(calls, []);
    assert.deepEqual(outcome(await guarded.post('https://nowhere.test/events', '{}', signingKey, Date.now())), [null, 'unreachable', false]);
  });

  test('with private targets allowed, a name connects to the address the resolver gave, over http', async () => {
    const { sender: open, calls } = sender(true, { 'hooks.local.test': ['127.0.0.1'] });
    const before = listener.received.length;
    assert.deepEqual(outcome(await open.post(`http://hooks.local.test:${port}/events`, '{"a":1}', signingKey, Date.now())), [204, null, true]);
    assert.deepEqual(calls, ['hooks.local.test']);
    assert.deepEqual(
      [listener.received.length, listener.received[before]?.body, listener.received[before]?.headers.host],
      [before + 1, '{"a":1}', `hooks.local.test:${port}`],
    );
  });

  test('redirects are not followed: a 302 is the answer', async () => {
    const { sender: open } = sender(true);
    const before = listener.received.length;
    listener.script.push(302);
    assert.deepEqual(outcome(await open.post(listener.url, '{}', signingKey, Date.now())), [302, null, false]);
    assert.equal(listener.received.length, before + 1);
  });
});
