// The write limit's additive increase and multiplicative decrease, on a scripted clock: halving
// on pushback (once per round), never below 1, growing by one per round of successes up to the ceiling.
import { describe, expect, it } from '@jest/globals';
import { AdaptiveLimit, type LimitChange, type WritePermit } from '../../src/concurrency/adaptive-limit.js';

function harness(ceiling: number, holdMs = 1_000) {
  let now = 0;
  const changes: LimitChange[] = [];
  const limit = new AdaptiveLimit({ ceiling, holdMs, now: () => now, onChange: (c) => changes.push(c) });
  return {
    limit,
    changes,
    advance: (ms: number) => {
      now += ms;
    },
    /** Takes `count` permits that are free now. */
    take: async (count: number): Promise<WritePermit[]> => {
      const permits: WritePermit[] = [];
      for (let i = 0; i < count; i += 1) permits.push(await limit.acquire());
      return permits;
    },
  };
}

describe('AdaptiveLimit', () => {
  it('starts at the ceiling and keeps a request waiting until a slot frees', async () => {
    const { limit, take } = harness(2);
    const [first] = await take(2);
    let third = false;
    const waiting = limit.acquire().then((permit) => {
      third = true;
      return permit;
    });
    await Promise.resolve();
    expect(third).toBe(false);
    expect(limit.inFlight).toBe(2);
    first!.succeeded();
    (await waiting).succeeded();
    expect(third).toBe(true);
  });

  it('halves on a busy answer, once per round, and never goes below 1', async () => {
    const { limit, changes, take } = harness(8);
    const round = await take(8);
    // Eight requests sent at the old rate all meet the 503: one halving, not eight.
    for (const permit of round) permit.busy('503 Service Unavailable');
    expect(limit.current).toBe(4);
    expect(changes).toEqual([{ from: 8, to: 4, reason: '503 Service Unavailable' }]);

    (await take(1))[0]!.busy('503 Service Unavailable');
    expect(limit.current).toBe(2);
    (await take(1))[0]!.busy('429 Too Many Requests');
    expect(limit.current).toBe(1);
    (await take(1))[0]!.busy('503 Service Unavailable');
    expect(limit.current).toBe(1);
    expect(changes.map((change) => change.to)).toEqual([4, 2, 1]);
    expect(limit.stats).toEqual({ ceiling: 8, current: 1, lowest: 1, decreases: 3 });
  });

  it('grows by one per round of successes, after the hold, up to the ceiling', async () => {
    const { limit, changes, take, advance } = harness(4, 1_000);
    (await take(1))[0]!.busy('503 Service Unavailable');
    (await take(1))[0]!.busy('503 Service Unavailable');
    expect(limit.current).toBe(1);
    changes.length = 0;

    // Within the hold nothing grows, however many successes.
    advance(500);
    for (const permit of await take(1)) permit.succeeded();
    for (const permit of await take(1)) permit.succeeded();
    expect(limit.current).toBe(1);

    advance(600);
    for (const permit of await take(1)) permit.succeeded();
    expect(limit.current).toBe(2);
    // At 2, it takes two successes to reach 3, then three to reach 4.
    for (const permit of await take(1)) permit.succeeded();
    expect(limit.current).toBe(2);
    for (const permit of await take(1)) permit.succeeded();
    expect(limit.current).toBe(3);
    for (const permit of await take(3)) permit.succeeded();
    expect(limit.current).toBe(4);
    for (const permit of await take(4)) permit.succeeded();
    for (const permit of await take(4)) permit.succeeded();
    expect(limit.current).toBe(4);
    expect(changes).toEqual([
      { from: 1, to: 2 },
      { from: 2, to: 3 },
      { from: 3, to: 4 },
    ]);
  });

  it('a busy answer breaks a run of successes', async () => {
    const { limit, take, advance } = harness(4, 0);
    (await take(1))[0]!.busy('503');
    expect(limit.current).toBe(2);
    advance(10);
    (await take(1))[0]!.succeeded();
    (await take(1))[0]!.busy('503');
    expect(limit.current).toBe(1);
    (await take(1))[0]!.succeeded();
    expect(limit.current).toBe(2);
  });

  it('a permit released without a verdict frees its slot and changes nothing', async () => {
    const { limit, take } = harness(1);
    const [permit] = await take(1);
    const next = limit.acquire();
    permit!.release();
    permit!.busy('503');
    (await next).release();
    expect(limit.current).toBe(1);
    expect(limit.inFlight).toBe(0);
  });
});
