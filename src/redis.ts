// Optional Redis connection (shared rate limits and failure counts across nodes).
import { Redis } from 'ioredis';

/** `onError` hears every connection error (the client reconnects by itself); without a listener ioredis prints its own. */
export async function connectRedis(url: string, onError: (error: unknown) => void): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: false });
  redis.on('error', onError);
  await redis.connect();
  return redis;
}
