// PostgreSQL connections cut under load on three nodes (pg_terminate_backend, no root needed): no process exits, a
// request on a cut connection answers 503 DATABASE_UNAVAILABLE with Retry-After, and every node serves again after.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bearer, request, startCluster, CLUSTER_SKIP, type Answer, type Cluster } from '../helpers/cluster.js';

describe('three nodes while their database connections are cut', { skip: CLUSTER_SKIP }, () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster();
  });
  after(() => cluster?.close());

  test('under load: only 200 or 503 with Retry-After, no process exits, every node recovers', async () => {
    const registered = await request(cluster.nodes[0]!, 'POST', '/api/v1/auth/register', {
      json: { username: `outage${process.pid}`, password: 'correct horse battery' },
    });
    assert.equal(registered.status, 201, registered.text);
    const token = registered.data.token as string;

    let loading = true;
    const answers: Answer[] = [];
    const failures: string[] = [];
    const worker = async (node: Cluster['nodes'][number]) => {
      while (loading) {
        try {
          answers.push(await request(node, 'GET', '/api/v1/users/@me', { headers: bearer(token) }));
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const workers = cluster.nodes.flatMap((node) => [worker(node), worker(node)]);
    let terminated = 0;
    try {
      for (let round = 0; round < 5; round++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const killed = await cluster.sql<{ terminated: boolean }>(
          'select pg_terminate_backend(pid) as terminated from pg_stat_activity where application_name = $1',
          [cluster.applicationName],
        );
        terminated += killed.filter((row) => row.terminated).length;
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    } finally {
      loading = false;
      await Promise.all(workers);
    }

    assert.deepEqual(failures, [], 'every request was answered');
    assert.ok(terminated > 0, 'connections were cut');
    const statuses = new Set(answers.map((answer) => answer.status));
    assert.deepEqual(
      [...statuses].filter((status) => status !== 200 && status !== 503),
      [],
      'only 200 and 503',
    );
    for (const answer of answers.filter((candidate) => candidate.status === 503)) {
      assert.equal(answer.headers.get('retry-after'), '1');
      assert.equal(answer.data.code, 'DATABASE_UNAVAILABLE');
    }
    for (const node of cluster.nodes) assert.equal(node.child.exitCode, null, node.output());
    // The pools open new connections on the next request: each node answers at once.
    for (const node of cluster.nodes) {
      assert.equal((await request(node, 'GET', '/api/v1/users/@me', { headers: bearer(token) })).status, 200);
      assert.equal((await request(node, 'GET', '/readyz')).status, 200);
    }
    const logged = cluster.nodes.map((node) => node.output()).join('');
    assert.match(logged, /a database connection was lost; the pool opens another/);
  });
});
