// How many writes a run keeps in flight, adapted to what the server can take (AIMD): start at
// the ceiling, halve when Prefect pushes back (503, 429, a timeout), grow by one after successes.

/** A change of the limit, for the progress line ("writing 2 at a time"). */
export interface LimitChange {
  from: number;
  to: number;
  /** What the server answered when it shrank (`503 Service Unavailable`); absent when it grew. */
  reason?: string;
}

export interface AdaptiveLimitOptions {
  /** The most requests in flight, and where the limit starts (the `concurrency` input). */
  ceiling: number;
  /** After a decrease, how long the limit holds before it may grow again. Default 1 000 ms. */
  holdMs?: number;
  /** Milliseconds on any monotonic scale; injected by tests. */
  now?: () => number;
  onChange?: (change: LimitChange) => void;
}

/** One slot; exactly one of its methods should be called once the request has its answer. */
export interface WritePermit {
  /** Answered, and not "busy": counts towards growing back. */
  succeeded(): void;
  /** The server pushed back (503, 429, timeout): the limit halves. */
  busy(reason: string): void;
  /** Ended without a verdict on the server's load (a refused connection, say). */
  release(): void;
}

export interface AdaptiveLimitStats {
  ceiling: number;
  current: number;
  /** The lowest the limit went during the run. */
  lowest: number;
  decreases: number;
}

export class AdaptiveLimit {
  readonly ceiling: number;
  readonly #holdMs: number;
  readonly #now: () => number;
  readonly #onChange: ((change: LimitChange) => void) | undefined;
  #limit: number;
  #lowest: number;
  #decreases = 0;
  #inFlight = 0;
  #waiting: (() => void)[] = [];
  /** Successes in a row since the last change. */
  #streak = 0;
  /** Bumped on each decrease: permits granted before it were sent at the old rate, so their
   * pushback is already answered and must not halve the limit again. */
  #epoch = 0;
  #lastDecreaseAt = Number.NEGATIVE_INFINITY;

  constructor(options: AdaptiveLimitOptions) {
    this.ceiling = Math.max(1, Math.floor(options.ceiling));
    this.#holdMs = options.holdMs ?? 1_000;
    this.#now = options.now ?? (() => performance.now());
    this.#onChange = options.onChange;
    this.#limit = this.ceiling;
    this.#lowest = this.ceiling;
  }

  get current(): number {
    return this.#limit;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get stats(): AdaptiveLimitStats {
    return { ceiling: this.ceiling, current: this.#limit, lowest: this.#lowest, decreases: this.#decreases };
  }

  /** Waits for a free slot (first come, first served). */
  acquire(): Promise<WritePermit> {
    if (this.#inFlight < this.#limit && this.#waiting.length === 0) return Promise.resolve(this.#grant());
    return new Promise((resolve) => this.#waiting.push(() => resolve(this.#grant())));
  }

  #grant(): WritePermit {
    this.#inFlight += 1;
    const epoch = this.#epoch;
    let open = true;
    const finish = (verdict: () => void) => {
      if (!open) return;
      open = false;
      this.#inFlight -= 1;
      verdict();
      this.#wake();
    };
    return {
      succeeded: () => finish(() => this.#succeeded()),
      busy: (reason) => finish(() => this.#busy(epoch, reason)),
      release: () => finish(() => undefined),
    };
  }

  #succeeded(): void {
    this.#streak += 1;
    // One step per round of successes at the current limit, as TCP grows one segment per round trip.
    if (this.#limit >= this.ceiling || this.#streak < this.#limit) return;
    if (this.#now() - this.#lastDecreaseAt < this.#holdMs) return;
    this.#streak = 0;
    this.#change(this.#limit + 1);
  }

  #busy(epoch: number, reason: string): void {
    this.#streak = 0;
    if (epoch !== this.#epoch) return;
    const to = Math.max(1, Math.floor(this.#limit / 2));
    this.#lastDecreaseAt = this.#now();
    if (to === this.#limit) return;
    this.#epoch += 1;
    this.#decreases += 1;
    this.#lowest = Math.min(this.#lowest, to);
    this.#change(to, reason);
  }

  #change(to: number, reason?: string): void {
    const from = this.#limit;
    this.#limit = to;
    this.#onChange?.(reason === undefined ? { from, to } : { from, to, reason });
  }

  #wake(): void {
    while (this.#inFlight < this.#limit && this.#waiting.length > 0) this.#waiting.shift()!();
  }
}
