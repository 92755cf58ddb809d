// Pool of single-use request items (codes, refresh tokens): minted ahead of load, each handed out exactly once.
const MINT_CONCURRENCY = 32;

export class OnceUsePool {
  private readonly items: string[] = [];
  /** Items ever minted into this pool. */
  minted = 0;

  constructor(
    /** Mints one item through the target's public API. */
    private readonly mintOne: () => Promise<string>,
    /** The request body that uses one item. */
    readonly body: (item: string) => string,
  ) {}

  get size(): number {
    return this.items.length;
  }

  /** Hands out an item for one request; the load runner never asks for more than `size`. */
  take(): string {
    const item = this.items.pop();
    if (item === undefined) throw new Error('single-use pool over-drawn (load cap bug)');
    return item;
  }

  async refill(count: number): Promise<void> {
    let left = count;
    const worker = async (): Promise<void> => {
      while (left > 0) {
        left -= 1;
        this.items.push(await this.mintOne());
        this.minted += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(MINT_CONCURRENCY, count) }, worker));
  }
}
