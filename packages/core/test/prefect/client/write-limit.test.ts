// The run's write limit inside the client, against a scripted server that holds answers until the
// test releases them: writes wait for a slot, reads never do, and a 503 halves the writes in flight.
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ServerResponse } from 'node:http';
import { AdaptiveLimit } from '../../../src/concurrency/adaptive-limit.js';
import { PrefectClient } from '../../../src/prefect/client/index.js';
import { sendJson, startServer, type ScriptedServer } from './scripted-server.js';

let server: ScriptedServer | undefined;
let client: PrefectClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
});

/** A server that keeps every answer until `answer` is called, and says when a request arrived. */
async function holdingServer() {
  const held: { path: string; res: ServerResponse }[] = [];
  let arrived: (() => void) | undefined;
  server = await startServer((req, res) => {
    held.push({ path: req.url ?? '', res });
    arrived?.();
  });
  const until = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (held.length >= count ? resolve() : (arrived = check));
      check();
    });
  return { server, held, until };
}

describe('the write limit in the client', () => {
  it('keeps writes beyond the limit waiting while reads go through', async () => {
    const { server, held, until } = await holdingServer();
    const limit = new AdaptiveLimit({ ceiling: 2 });
    client = new PrefectClient({ apiUrl: server.apiUrl, writeLimit: limit, sleep: () => Promise.resolve() });

    const writes = [0, 1, 2].map((i) => client!.createFlow(`flow_${i}`));
    const read = client.readWorkPool('pool');
    await until(3);
    // Two writes and the read arrived; the third write waits for a slot.
    expect(held.map((each) => each.path).sort()).toEqual([
      '/api/flows/',
      '/api/flows/',
      '/api/work_pools/pool',
    ]);
    expect(limit.inFlight).toBe(2);

    for (const each of held.splice(0))
      sendJson(each.res, each.path.includes('work_pools') ? 404 : 201, { id: 'f', name: 'x' });
    await until(1);
    expect(held[0]!.path).toBe('/api/flows/');
    sendJson(held[0]!.res, 201, { id: 'f', name: 'x' });
    await Promise.all([...writes, read]);
    expect(client.traffic()).toMatchObject({
      requests: 4,
      retries: 0,
      writeLimit: { current: 2, lowest: 2 },
    });
  });

  it('halves the limit on a 503 and retries the write once a slot is free', async () => {
    const { server, held, until } = await holdingServer();
    const changes: number[] = [];
    let halved!: () => void;
    const halving = new Promise<void>((resolve) => (halved = resolve));
    const limit = new AdaptiveLimit({
      ceiling: 4,
      onChange: (change) => {
        changes.push(change.to);
        halved();
      },
    });
    client = new PrefectClient({
      apiUrl: server.apiUrl,
      writeLimit: limit,
      sleep: () => Promise.resolve(),
      retryBaseDelayMs: 1,
    });

    const writes = [0, 1, 2, 3].map((i) => client!.createFlow(`flow_${i}`));
    await until(4);
    sendJson(held.shift()!.res, 503, { exception_message: 'Service Unavailable' });
    await halving;
    expect(limit.current).toBe(2);
    expect(changes).toEqual([2]);
    // Three old writes still in flight: the retry waits until the limit has room again.
    expect(held).toHaveLength(3);
    expect(limit.inFlight).toBe(3);
    for (const each of held.splice(0)) sendJson(each.res, 201, { id: 'f', name: 'x' });
    await until(1);
    sendJson(held.shift()!.res, 201, { id: 'f', name: 'x' });
    await Promise.all(writes);
    expect(client.traffic()).toMatchObject({
      requests: 5,
      retries: 1,
      status503: 1,
      writeLimit: { lowest: 2 },
    });
  });
});
