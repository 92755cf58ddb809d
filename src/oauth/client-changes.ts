// Announces that a client changed (secret reset, update, delete) to every node's client cache: this node's forgets at
// once; with Redis, a message tells the others (pub/sub), and a node that lost its subscription forgets on reconnect.
// Without Redis (one node, or a change made by the CLI) the cache's one-second lifetime is the bound.
import type { Redis } from 'ioredis';
import type { ClientCache } from './client-cache.js';

export const CLIENT_CHANGES_CHANNEL = 'guildgate:client-changed';

interface ChangesLog {
  warn(details: object, message: string): void;
}

export class ClientChanges {
  private subscriber: Redis | null = null;

  constructor(
    private readonly cache: ClientCache,
    private readonly redis: Redis | null,
    private readonly log: ChangesLog,
    private readonly channel = CLIENT_CHANGES_CHANNEL,
  ) {}

  /** Called after the change committed: a row read before it is never served after this returns. */
  async announce(): Promise<void> {
    this.cache.clear();
    if (!this.redis) return;
    try {
      await this.redis.publish(this.channel, '1');
    } catch (error) {
      this.log.warn({ err: error }, 'client change not announced to the other nodes; their caches forget it within 1 s');
    }
  }

  /**
   * Subscribes to the other nodes' announcements (with Redis). Never waits for Redis: a node starts while Redis is
   * down, and subscribes once it answers (until then the cache's one-second lifetime is the bound).
   */
  async listen(): Promise<void> {
    if (!this.redis || this.subscriber) return;
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true });
    this.subscriber = subscriber;
    let subscribed = false;
    const subscribe = () =>
      subscriber.subscribe(this.channel).then(
        () => (subscribed = true),
        (error: unknown) => this.log.warn({ err: error }, 'client change subscription failed; retried when Redis answers'),
      );
    subscriber.on('message', () => this.cache.clear());
    // Messages sent while the subscription was down are lost: forget everything when it is back.
    subscriber.on('ready', () => {
      this.cache.clear();
      if (!subscribed) void subscribe();
    });
    subscriber.on('error', (error: unknown) => this.log.warn({ err: error }, 'client change subscription failed; reconnecting'));
    void subscribe();
  }

  async close(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }
}
