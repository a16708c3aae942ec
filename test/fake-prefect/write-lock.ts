// SQLite's single write lock, as a Prefect 3.8.3 server on its default database shows it: writes
// run one at a time, and one that arrives while another holds the lock may be refused with a 503.

import { setTimeout as delay } from 'node:timers/promises';
import { seededRandom } from '../support/seeded-random.js';

export interface WriteLockOptions {
  /** Chance that a write arriving while another is in progress is answered 503 (0..1). */
  busyProbability: number;
  /** How long each write holds the lock, in ms (a real server: about 22 to 27 ms). */
  holdMs: number;
  /** Seed of the random draws, so a test's run is repeatable. Default 1. */
  seed?: number;
}

export class WriteLock {
  readonly options: WriteLockOptions;
  readonly #random: () => number;
  /** Writes holding or waiting for the lock. */
  #occupants = 0;
  #tail: Promise<void> = Promise.resolve();
  /** Writes refused because the lock was held. */
  refused = 0;

  constructor(options: WriteLockOptions) {
    this.options = options;
    this.#random = seededRandom(options.seed ?? 1);
  }

  /** Runs `write` under the lock, or returns undefined when the write is refused (answer 503). */
  async run<T>(write: () => Promise<T>, signal: AbortSignal): Promise<{ value: T } | undefined> {
    if (this.#occupants > 0 && this.#random() < this.options.busyProbability) {
      this.refused += 1;
      return undefined;
    }
    this.#occupants += 1;
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise((resolve) => (release = resolve));
    try {
      await previous;
      const value = await write();
      // A server closing ends the hold early; the answer is then never read.
      await delay(this.options.holdMs, undefined, { signal }).catch(() => undefined);
      return { value };
    } finally {
      this.#occupants -= 1;
      release();
    }
  }
}
