// Runs the purge job with the app every GUILDGATE_PURGE_INTERVAL: starts when ready, stops before the store closes.
import type { FastifyInstance } from 'fastify';
import { PeriodicTask } from '../../periodic-task.js';
import { purgeOnce } from '../../storage/purge.js';
import type { AppContext } from '../context.js';

export function registerPurge(app: FastifyInstance, ctx: AppContext): void {
  const { intervalMs, retentionMs } = ctx.config.purge;
  const job = new PeriodicTask(
    intervalMs,
    () => purgeOnce(ctx.store, ctx.clock.now(), retentionMs),
    (error) => app.log.error({ err: error }, 'purge run failed'),
  );
  app.addHook('onReady', async () => job.start());
  app.addHook('preClose', async () => job.stop());
}
