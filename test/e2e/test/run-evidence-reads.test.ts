// How run evidence is read from Prefect: one POST /flow_runs/filter per 200 deployments, more
// pages only while a deployment's proving run is further back, bounded; versions decide.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PrefectClient, readRunEvidence } from '@portal-actions/core';
import { startFakePrefect, type FakePrefect, type FlowRunRecord } from '../../fake-prefect/index.js';

let fake: FakePrefect;
let client: PrefectClient;
beforeEach(async () => {
  fake = await startFakePrefect();
  client = new PrefectClient({ apiUrl: fake.url });
});
afterEach(async () => {
  await client.close();
  await fake.close();
});

let minute = 0;
/** A run in the fake's store, each one a minute later than the one before. */
function seedRun(deploymentId: string, state: string, version: string | null): FlowRunRecord {
  minute += 1;
  const at = new Date(Date.UTC(2026, 11, 1, 0, minute)).toISOString();
  const run: FlowRunRecord = {
    id: randomUUID(),
    created: at,
    updated: at,
    name: `run-${minute}`,
    flow_id: randomUUID(),
    deployment_id: deploymentId,
    deployment_version: version,
    work_queue_id: null,
    work_queue_name: 'default',
    work_pool_name: 'local-pool',
    parameters: {},
    tags: [],
    labels: {},
    job_variables: {},
    idempotency_key: null,
    state_type: state,
    state_name: state.charAt(0) + state.slice(1).toLowerCase(),
    state_id: randomUUID(),
    state_message: null,
    state_timestamp: at,
    expected_start_time: at,
    start_time: at,
    end_time: state === 'RUNNING' ? null : at,
  };
  fake.state.flowRuns.set(run.id, run);
  return run;
}

const runReads = () => fake.requests.filter((request) => request.path === '/flow_runs/filter');

describe('readRunEvidence', () => {
  it('reads 450 deployments with one request per 200', async () => {
    const subjects = Array.from({ length: 450 }, () => ({
      id: randomUUID(),
      version: 'main-a',
      updated: null,
    }));
    for (const subject of subjects.slice(0, 3)) seedRun(subject.id, 'COMPLETED', 'main-a');
    const evidence = await readRunEvidence(client, subjects);
    expect(
      runReads().map(
        (request) =>
          (request.body as { flow_runs: { deployment_id: { any_: string[] } } }).flow_runs.deployment_id.any_
            .length,
      ),
    ).toEqual([200, 200, 50]);
    expect([...evidence.values()].filter((entry) => entry.success !== null)).toHaveLength(3);
    expect(evidence.get(subjects[3]!.id)).toMatchObject({ lastRun: null, success: null, partial: false });
  });

  it('pages further back only for a deployment still without proof, and stops at the bound', async () => {
    const proven = randomUUID();
    const busy = randomUUID();
    seedRun(proven, 'COMPLETED', 'main-b');
    seedRun(busy, 'COMPLETED', 'main-b');
    for (let index = 0; index < 450; index += 1) seedRun(busy, 'FAILED', 'main-b');
    const evidence = await readRunEvidence(
      client,
      [
        { id: proven, version: 'main-b', updated: null },
        { id: busy, version: 'main-b', updated: null },
      ],
      { maxPages: 5 },
    );
    // 450 newer failures, then the completed run: found on the third page.
    expect(runReads().map((request) => (request.body as { offset: number }).offset)).toEqual([0, 200, 400]);
    expect(evidence.get(busy)!.success).not.toBeNull();
    expect(evidence.get(busy)!.lastRun).toMatchObject({ state: 'FAILED' });

    fake.resetRequests();
    const bounded = await readRunEvidence(client, [{ id: busy, version: 'main-b', updated: null }], {
      maxPages: 2,
    });
    expect(runReads()).toHaveLength(2);
    expect(bounded.get(busy)).toMatchObject({ success: null, partial: true });
  });

  it('counts a run without a version only after the deployment was last updated', async () => {
    const id = randomUUID();
    const run = seedRun(id, 'COMPLETED', null);
    const before = await readRunEvidence(client, [
      { id, version: 'main-c', updated: '2027-01-01T00:00:00Z' },
    ]);
    expect(before.get(id)!.success).toBeNull();
    const after = await readRunEvidence(client, [{ id, version: 'main-c', updated: '2026-01-01T00:00:00Z' }]);
    expect(after.get(id)!.success?.id).toBe(run.id);
  });
});
