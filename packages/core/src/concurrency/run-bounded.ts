// Runs one async task per item with at most `limit` in flight, keeping results in item order.
// A task that throws does not stop the others: each result says whether it succeeded.

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function runBounded<Item, Result>(
  items: readonly Item[],
  limit: number,
  task: (item: Item, index: number) => Promise<Result>,
): Promise<Settled<Result>[]> {
  const results: Settled<Result>[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = { ok: true, value: await task(items[index]!, index) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker());
  await Promise.all(workers);
  return results;
}
