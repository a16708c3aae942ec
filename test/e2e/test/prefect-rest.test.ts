// The scenarios' own REST helper retries busy answers (503 from a locked SQLite database, 429) as
// the product's client does, so a real server's housekeeping never fails a scenario.
import { afterEach, expect } from '@jest/globals';
import { startFakePrefect, type FakePrefect } from '../../fake-prefect/index.js';
import { PrefectRest } from '../prefect-rest.js';
import { itOnFake } from '../prefect-under-test.js';

let fake: FakePrefect;
afterEach(() => fake.close());

itOnFake('retries 503 and 429 until the server answers, honouring Retry-After', async () => {
  fake = await startFakePrefect();
  const rest = new PrefectRest(fake.url);
  fake.faults.add({ method: 'POST', path: '/flows/', times: 2, fault: { status: 503, retryAfter: 0 } });
  fake.faults.add({ method: 'POST', path: '/flows/', times: 1, fault: { status: 429, retryAfter: 0 } });

  const id = await rest.createFlow('etl');

  expect(fake.requests.map((request) => request.status)).toEqual([503, 503, 429, 201]);
  expect(fake.state.flows.get(id)?.name).toBe('etl');
});

itOnFake('gives other failures back at once', async () => {
  fake = await startFakePrefect();
  const rest = new PrefectRest(fake.url);
  fake.faults.add({ method: 'GET', times: 1, fault: { status: 500 } });

  await expect(rest.readDeployment('00000000-0000-4000-8000-000000000000')).rejects.toThrow(/answered 500/);
  expect(fake.requests).toHaveLength(1);
});
