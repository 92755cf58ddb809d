// closeGracefully: a request in flight is answered before the app's close hooks run; past the timeout its connection closes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { closeGracefully } from '../../src/shutdown.js';

/** An app with one route that answers when `release` is called, listening on a free port; `events` records the order. */
async function heldApp() {
  const events: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const inFlight = new Promise<void>((resolve) => (arrived = resolve));
  const app = Fastify({ logger: false, return503OnClosing: false });
  app.get('/held', async () => {
    arrived();
    await held;
    events.push('answered');
    return { ok: true };
  });
  app.addHook('onClose', async () => void events.push('store closed'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, events, release, inFlight, url: `http://127.0.0.1:${port}/held` };
}

test('a request in flight at shutdown is answered, then the close hooks run', async () => {
  const { app, events, release, inFlight, url } = await heldApp();
  const response = fetch(url);
  await inFlight;
  const closed = closeGracefully(app, 60_000).then(() => events.push('closed'));
  // New connections are refused at once.
  await assert.rejects(fetch(url));
  release();
  const answer = await response;
  assert.equal(answer.status, 200);
  assert.deepEqual(await answer.json(), { ok: true });
  await closed;
  assert.deepEqual(events, ['answered', 'store closed', 'closed']);
});

test('past the timeout, a request still in flight loses its connection and the close hooks run', async () => {
  const { app, events, release, inFlight, url } = await heldApp();
  const response = fetch(url);
  await inFlight;
  await closeGracefully(app, 50);
  assert.deepEqual(events, ['store closed']);
  await assert.rejects(response);
  release();
});
