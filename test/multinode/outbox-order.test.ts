// The event outbox on three nodes that all run the delivery worker: each application's events arrive one at a time in
// the order they were written, and a node killed mid-delivery loses nothing: its lease lapses and another node sends
// the event again (at least once), before the application's later events.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { toIso } from '../../src/clock.js';
import { newId } from '../../src/ids.js';
import { eventBody } from '../../src/webhooks/event-types.js';
import { bearer, request, startCluster, CLUSTER_SKIP, type Cluster } from '../helpers/cluster.js';
import { pidOwningPort } from '../helpers/socket-owner.js';
import { startWebhookListener, type ReceivedRequest, type WebhookListener } from '../helpers/webhook-listener.js';

/** Short enough to keep the test quick; the lease leaves a live node 3 s to report after its request timed out. */
const LEASE_MS = 6000;
const ENV = { GUILDGATE_WEBHOOK_TIMEOUT: '3000', GUILDGATE_WEBHOOK_LEASE: String(LEASE_MS), GUILDGATE_WEBHOOK_POLL_INTERVAL: '20' };
const GUILD = { id: '111', name: 'Outbox Guild', icon: null, owner_id: '222' };

describe('the event outbox on three nodes', { skip: CLUSTER_SKIP }, () => {
  let cluster: Cluster;
  let listener: WebhookListener;
  let owner: string;
  before(async () => {
    [cluster, listener] = await Promise.all([startCluster(ENV), startWebhookListener()]);
    const registered = await request(cluster.nodes[0]!, 'POST', '/api/v1/auth/register', {
      json: { username: `outbox${process.pid}`, password: 'correct horse battery' },
    });
    assert.equal(registered.status, 201, registered.text);
    owner = registered.data.token as string;
  });
  after(async () => {
    await listener?.close();
    await cluster?.close();
  });

  /** An application whose webhook (PING-checked) points at the listener. */
  async function subscribedApplication(): Promise<string> {
    const node = cluster.nodes[0]!;
    const created = await request(node, 'POST', '/api/v1/oauth2/applications', { headers: bearer(owner), json: { name: 'Outbox App' } });
    assert.equal(created.status, 201, created.text);
    const settings = await request(node, 'PATCH', `/api/v1/oauth2/applications/${created.data.id}/events/settings`, {
      headers: bearer(owner),
      json: { event_webhooks_url: listener.url, event_webhooks_types: ['INTEGRATION_REMOVED'], event_webhooks_status: 'enabled' },
    });
    assert.equal(settings.status, 200, settings.text);
    return created.data.id as string;
  }

  /** Writes `count` events for each application in one transaction, interleaved; returns each application's ids in order. */
  async function writeEvents(applications: string[], count: number): Promise<Map<string, string[]>> {
    const written = new Map(applications.map((id) => [id, [] as string[]]));
    const rows: unknown[][] = [];
    const start = Date.now();
    for (let i = 0; i < count; i++) {
      for (const application of applications) {
        const id = newId();
        const at = start + i;
        written.get(application)!.push(id);
        rows.push([id, application, eventBody(id, application, 'INTEGRATION_REMOVED', toIso(at), { guild: GUILD }), at]);
      }
    }
    const values = rows.map((_, i) => `($${i * 4 + 1}, $${i * 4 + 2}, 'INTEGRATION_REMOVED', $${i * 4 + 3}, 'pending', $${i * 4 + 4}, 0, 0)`);
    await cluster.sql(
      `insert into events (id, application_id, type, payload, status, created_at, attempts, next_attempt_at) values ${values.join(', ')}`,
      rows.flat(),
    );
    return written;
  }

  async function untilDelivered(applications: string[]): Promise<void> {
    for (let waited = 0; ; waited += 50) {
      const [{ pending }] = await cluster.sql<{ pending: number }>(
        "select count(*)::int as pending from events where status = 'pending' and application_id = any($1)",
        [applications],
      );
      if (pending === 0) return;
      if (waited > 60_000) assert.fail(`${pending} events still pending`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The event ids the listener received for `application`, in arrival order (PINGs left out). */
  function receivedIds(application: string, from: ReceivedRequest[] = listener.received): string[] {
    return from
      .map((received) => JSON.parse(received.body) as { id?: string; application_id: string })
      .filter((body) => body.application_id === application && body.id !== undefined)
      .map((body) => body.id!);
  }

  test('each application gets its events one at a time in the order written, while every node delivers', async () => {
    const applications = await Promise.all([0, 1, 2, 3].map(() => subscribedApplication()));
    // Answers come after 0 to 15 ms: a second event sent before the first was answered would arrive ahead of it.
    listener.beforeAnswer = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
    const written = await writeEvents(applications, 8);
    await untilDelivered(applications);
    listener.beforeAnswer = undefined;

    for (const application of applications) assert.deepEqual(receivedIds(application), written.get(application));
    const events = await cluster.sql<{ state: string; count: number }>(
      "select status || '/' || attempts as state, count(*)::int as count from events where application_id = any($1) group by 1",
      [applications],
    );
    assert.deepEqual(events, [{ state: 'delivered/1', count: 32 }]);
  });

  test('a node killed while its delivery is held open: another node sends that event after the lease, then the later ones in order', async () => {
    const application = await subscribedApplication();
    const from = listener.received.length;
    let held: (ReceivedRequest & { closed: Promise<void> }) | undefined;
    const firstArrived = new Promise<void>((arrived) => {
      listener.beforeAnswer = (received, closed) => {
        if (held || receivedIds(application, [received]).length === 0) return Promise.resolve();
        held = { ...received, closed };
        arrived();
        return closed; // never answered: the sender dies first
      };
    });
    const [ids] = [...(await writeEvents([application], 3)).values()] as [string[]];
    await firstArrived;
    const pid = pidOwningPort(
      held!.remotePort,
      cluster.nodes.map((node) => node.child.pid!),
    );
    const victim = cluster.nodes.find((node) => node.child.pid === pid);
    assert.ok(victim, 'the held request came from one of the nodes');
    victim.child.kill('SIGKILL');
    await Promise.all([victim.exited, held!.closed]);

    await untilDelivered([application]);
    listener.beforeAnswer = undefined;
    // The killed node's attempt reached the listener but was never answered, so the event came again: at least once.
    assert.deepEqual(receivedIds(application, listener.received.slice(from)), [ids[0], ids[0], ids[1], ids[2]]);
    const events = await cluster.sql<{ id: string; status: string; attempts: number }>(
      'select id, status, attempts from events where application_id = $1 order by created_at, id',
      [application],
    );
    assert.deepEqual(events, [
      { id: ids[0], status: 'delivered', attempts: 2 },
      { id: ids[1], status: 'delivered', attempts: 1 },
      { id: ids[2], status: 'delivered', attempts: 1 },
    ]);
    // The log holds what nodes reported: the killed node never reported its attempt 1.
    assert.deepEqual(await cluster.sql('select event_id, attempt, status_code from event_deliveries where event_id = any($1) order by at, attempt', [ids]), [
      { event_id: ids[0], attempt: 2, status_code: 204 },
      { event_id: ids[1], attempt: 1, status_code: 204 },
      { event_id: ids[2], attempt: 1, status_code: 204 },
    ]);
    for (const node of cluster.nodes.filter((node) => node !== victim)) assert.equal(node.child.exitCode, null, node.output());
  });
});
