// Time as the smoke runner sees it: the real clock on the runner, a scripted one in tests, so
// waiting for a flow run is tested without sleeping.
import { setTimeout as delay } from 'node:timers/promises';

export interface SmokeClock {
  /** Milliseconds, monotonic. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: SmokeClock = {
  now: () => performance.now(),
  sleep: (ms) => delay(ms).then(() => undefined),
};

/** How long to wait before the next poll: grows by half each time, capped. */
export interface PollBackoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_POLL: PollBackoff = { initialMs: 2_000, maxMs: 15_000 };

export function nextPollDelay(previousMs: number, backoff: PollBackoff): number {
  return Math.min(Math.round(previousMs * 1.5), backoff.maxMs);
}
