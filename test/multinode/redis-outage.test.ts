// Redis cut under three real nodes (a TCP proxy the test cuts, no root needed): no process exits; the limits that
// guard passwords fail closed (503 SERVER_BUSY, Retry-After 5), the OAuth request budgets fail open (tokens are still
// issued), /readyz says so; when Redis answers again every node counts again on its own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { basic, bearer, request, startCluster, CLUSTER_SKIP, type Cluster } from '../helpers/cluster.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const REDIS_URL = process.env.GUILDGATE_TEST_REDIS_URL;

describe('three nodes while their Redis is unreachable', { skip: CLUSTER_SKIP }, () => {
  let cluster: Cluster;
  let proxy: TcpProxy;
  before(async () => {
    const redis = new URL(REDIS_URL!);
    proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379));
    const url = new URL(REDIS_URL!);
    url.host = `127.0.0.1:${proxy.port}`;
    cluster = await startCluster({ GUILDGATE_REDIS_URL: url.toString(), GUILDGATE_RATE_LIMIT: 'on', GUILDGATE_LOG_LEVEL: 'info' });
  });
  after(async () => {
    await cluster?.close();
    await proxy?.close();
  });

  test('login and registration answer 503 SERVER_BUSY, tokens are still issued and checked, then everything counts again', async () => {
    const [a] = cluster.nodes as [Cluster['nodes'][number]];
    const username = `redisdown${process.pid}`;
    const password = 'correct horse battery';
    const registered = await request(a, 'POST', '/api/v1/auth/register', { json: { username, password } });
    assert.equal(registered.status, 201, registered.text);
    const token = registered.data.token as string;
    const app = await request(a, 'POST', '/api/v1/oauth2/applications', { headers: bearer(token), json: { name: 'Outage App' } });
    assert.equal(app.status, 201, app.text);
    const clientCredentials = (node: typeof a) =>
      request(node, 'POST', '/api/v1/oauth2/token', {
        headers: basic(app.data.id, app.data.client_secret),
        form: { grant_type: 'client_credentials', scope: 'identify' },
      });

    await proxy.cut();
    for (const node of cluster.nodes) {
      const login = await request(node, 'POST', '/api/v1/auth/login', { json: { login: username, password } });
      assert.equal(login.status, 503, login.text);
      assert.equal(login.data.code, 'SERVER_BUSY');
      assert.equal(login.headers.get('retry-after'), '5');
      const register = await request(node, 'POST', '/api/v1/auth/register', { json: { username: `${username}x`, password } });
      assert.equal(register.status, 503, register.text);
      assert.equal(register.headers.get('retry-after'), '5');

      const issued = await clientCredentials(node);
      assert.equal(issued.status, 200, issued.text);
      assert.equal(issued.headers.get('x-ratelimit-remaining'), '120', 'the budget is not counted while Redis is away');
      const introspected = await request(node, 'POST', '/api/v1/oauth2/introspect', {
        headers: basic(app.data.id, app.data.client_secret),
        form: { token: issued.data.access_token },
      });
      assert.equal(introspected.status, 200, introspected.text);
      assert.equal(introspected.data.active, true);
      assert.equal((await request(node, 'GET', '/api/v1/users/@me', { headers: bearer(token) })).status, 200);
      const ready = await request(node, 'GET', '/readyz');
      assert.deepEqual([ready.status, ready.data], [503, { status: 'redis unavailable' }]);
      assert.equal((await request(node, 'GET', '/healthz')).status, 200);
    }
    assert.deepEqual(await cluster.sql('select count(*)::int as users from users where username = $1', [`${username}x`]), [{ users: 0 }]);

    await proxy.restore();
    for (const node of cluster.nodes) {
      // The Redis client reconnects on its own (backing off up to 2 s between tries).
      for (let waited = 0; ; waited += 100) {
        const ready = await request(node, 'GET', '/readyz');
        if (ready.status === 200) break;
        if (waited > 30_000) assert.fail(`still not ready: ${ready.text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const login = await request(node, 'POST', '/api/v1/auth/login', { json: { login: username, password } });
      assert.equal(login.status, 200, login.text);
      const issued = await clientCredentials(node);
      assert.equal(issued.status, 200, issued.text);
      assert.ok(Number(issued.headers.get('x-ratelimit-remaining')) < 120, 'counted again');
    }
    for (const node of cluster.nodes) {
      assert.equal(node.child.exitCode, null, node.output());
      assert.match(node.output(), /Redis is unavailable/);
      assert.doesNotMatch(node.output(), /Unhandled error event/);
      // Log lines reach stdout in batches (at most 100 ms late).
      for (let waited = 0; !/Redis answers again/.test(node.output()); waited += 50) {
        if (waited > 5_000) assert.fail(`no "Redis answers again" line: ${node.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });
});
