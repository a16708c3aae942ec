// The fake's model of SQLite's one write lock: writes one at a time, an overlapping write refused
// with 503 at the given probability, reads never held, draws repeatable from a seed.
import { afterEach, describe, expect, it } from '@jest/globals';

import type { FakePrefect } from '../index.js';
import type { WriteLockOptions } from '../write-lock.js';
import { startWithClient, type PrefectHttp } from './prefect-http.js';

let fake: FakePrefect | undefined;
afterEach(() => fake?.close());

async function locked(writeLock: WriteLockOptions): Promise<PrefectHttp> {
  const started = await startWithClient({ writeLock });
  fake = started.fake;
  return started.http;
}

describe('writeLock', () => {
  it('refuses a write that overlaps another with 503, as Prefect does on "database is locked"', async () => {
    const http = await locked({ busyProbability: 1, holdMs: 500 });

    const answers = await Promise.all([
      http.post('/flows/', { name: 'first' }),
      http.post('/flows/', { name: 'second' }),
    ]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 503]);
    expect(answers.find((answer) => answer.status === 503)!.body).toEqual({
      exception_message: 'Service Unavailable',
    });
    expect(fake!.writeLock!.refused).toBe(1);
    expect(fake!.requests.filter((request) => request.locked)).toHaveLength(1);
    expect(fake!.state.flows.size).toBe(1);
  });

  it('without refusals, runs overlapping writes one after the other', async () => {
    const http = await locked({ busyProbability: 0, holdMs: 5 });

    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => http.post('/flows/', { name: `flow_${i}` })),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(5).fill(201));
    expect(fake!.writeLock!.refused).toBe(0);
  });

  it('never holds back reads, filter POSTs included', async () => {
    const http = await locked({ busyProbability: 1, holdMs: 200 });

    const write = http.post('/flows/', { name: 'slow' });
    const reads = await Promise.all([http.post('/flows/filter', {}), http.get('/health')]);
    await write;

    expect(reads.map((answer) => answer.status)).toEqual([200, 200]);
    expect(fake!.writeLock!.refused).toBe(0);
  });
});
