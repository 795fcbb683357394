interface Waiting<In, Out> {
  item: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes that arrive while one round trip runs go together in the next: one round trip for all of
 * them. On FerretDB every write is a transaction of its own, so ten concurrent requests each
 * writing one document cost ten times what one write of ten documents costs.
 *
 * `write` answers with one result per item, in order; when it throws, every item of that batch
 * is refused with the error. Batches run one at a time, in arrival order.
 */
export class WriteBatcher<In, Out> {
  private readonly waiting: Array<Waiting<In, Out>> = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly write: (items: In[]) => Promise<Out[]>, private readonly maxBatch = 500) {}

  add(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  /** Resolves once every write added so far has been answered (or refused). */
  idle(): Promise<void> {
    if (!this.running && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const outs = await this.write(batch.map((w) => w.item));
          if (outs.length !== batch.length) throw new Error(`a batch of ${batch.length} writes answered ${outs.length} results`);
          batch.forEach((w, i) => w.resolve(outs[i]!));
        } catch (error) {
          batch.forEach((w) => w.reject(error));
        }
      }
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
