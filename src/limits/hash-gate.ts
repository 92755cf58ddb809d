// A ceiling on concurrent password hashes: a few scrypt runs at once, a bounded queue, and 503 SERVER_BUSY beyond it.
import { ApiError } from '../errors/api-error.js';

/** Seconds a client refused by a full queue is asked to wait. */
const BUSY_RETRY_AFTER_SECONDS = 1;

export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLength: number,
  ) {}

  /** Runs the hash when a slot is free, waits in the queue otherwise, and refuses when the queue is full. */
  async run<T>(hash: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running += 1;
    } else {
      if (this.waiting.length >= this.queueLength) {
        throw ApiError.serverBusy(BUSY_RETRY_AFTER_SECONDS, 'Too many password checks in progress; try again shortly');
      }
      // The finishing hash hands its slot over: `running` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await hash();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
