// Runs the event delivery worker with the app: starts polling when ready, stops before the store closes; closes the webhook connections.
import type { FastifyInstance } from 'fastify';
import { DeliveryWorker } from '../../webhooks/delivery-worker.js';
import type { AppContext } from '../context.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The outbox worker (tests step it with `runOnce()`). */
    eventDelivery: DeliveryWorker;
  }
}

export function registerEventDelivery(app: FastifyInstance, ctx: AppContext): void {
  const worker = new DeliveryWorker(ctx.store, ctx.clock, ctx.config.webhooks, ctx.services.webhooks, (error) =>
    app.log.error({ err: error }, 'event delivery round failed'),
  );
  app.decorate('eventDelivery', worker);
  app.addHook('onReady', async () => worker.start());
  app.addHook('preClose', async () => worker.stop());
  app.addHook('onClose', async () => ctx.services.webhooks.close());
}
