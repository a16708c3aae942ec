// Every Prefect a team runs, 2.20 to 3.8: with a config that uses every documented setting, deploy,
// re-deploy, drift, promote, re-promote and cleanup work, and every second run is "unchanged" with
// zero writes. On the fake as each version; on a real server (PORTAL_E2E_PREFECT_URL) as it is.
import { afterAll, describe, expect, it } from '@jest/globals';
import { findDrift } from '@portal-actions/core';
import type { Document } from 'yaml';
import { startFakePrefect } from '../../fake-prefect/index.js';
import { cleanup, deploy, newScenario, promote, recordingProgress, type Scenario } from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { PrefectRest } from '../prefect-rest.js';
import { EXAMPLE_POOL, prefectUnderTest, REAL_PREFECT_URL } from '../prefect-under-test.js';

afterAll(() => removeExampleCopies());

/** The newest patch of each minor line measured live (the real servers of the versions lab). */
const FAKE_VERSIONS = ['2.20.25', '3.0.11', '3.2.15', '3.4.25', '3.6.29', '3.8.3'];

/** Every setting the config reference documents that a process pool can take (`image` it cannot). */
function useEverySetting(config: Document): void {
  config.setIn(['defaults', 'work_queue'], 'portal-e2e');
  config.setIn(['defaults', 'tags'], ['example', 'team-data']);
  config.setIn(['defaults', 'job_variables'], { stream_output: true });
  config.setIn(['defaults', 'env'], { TZ: 'UTC' });
  config.setIn(['defaults', 'concurrency_limit'], 2);
  config.setIn(['defaults', 'concurrency_options'], {
    collision_strategy: 'CANCEL_NEW',
    grace_period_seconds: 120,
  });
  config.setIn(['defaults', 'paused'], false);
  config.setIn(['defaults', 'enforce_parameter_schema'], true);
  config.setIn(
    ['deployments', 'hello_world', 'schedules'],
    [
      {
        cron: '0 12 * * 1-5',
        timezone: 'America/New_York',
        day_or: false,
        slug: 'weekdays',
        parameters: { name: 'scheduled' },
        max_scheduled_runs: 3,
      },
      { interval: 3600, anchor_date: '2026-01-01T00:00:00Z' },
      { rrule: 'FREQ=WEEKLY;BYDAY=MO', timezone: 'Europe/London', active: false },
    ],
  );
  // Where the code is: a working directory for one flow, raw pull steps for another.
  config.deleteIn(['defaults', 'working_directory']);
  config.setIn(['deployments', 'hello_world', 'working_directory'], '/opt/prefect/acme-example');
  config.setIn(['deployments', 'weekly_summary'], {
    description: 'Weekly numbers',
    pull_steps: [
      { 'prefect.deployments.steps.set_working_directory': { directory: '/opt/prefect/reports' } },
    ],
    parameters: { weeks: 2 },
  });
  config.setIn(['environments', 'prod', 'paused'], true);
}

/** Each deployment of the branch with its `updated` stamp: equal before and after means nothing was written. */
async function stamps(rest: PrefectRest, branch: string): Promise<Record<string, unknown>> {
  const found = await rest.branchDeployments(branch);
  return Object.fromEntries(
    [...found.values()].map((deployment) => [deployment.name, (deployment as { updated?: unknown }).updated]),
  );
}

const statuses = (outcomes: { status: string }[]) => [...new Set(outcomes.map((outcome) => outcome.status))];
const errors = (outcomes: { error: string | null }[]) => outcomes.flatMap((outcome) => outcome.error ?? []);

interface Server {
  url: string;
  rest: PrefectRest;
  /** Write requests (anything but reads and queries) seen since the last reset; null on a real server. */
  writes: (() => string[]) | null;
  reset: () => void;
}

async function everyStepUnchangedTheSecondTime(server: Server, scenario: Scenario): Promise<void> {
  scenario.project.editConfig(useEverySetting);
  const { branch } = scenario;

  const progress = recordingProgress();
  const first = await deploy(scenario, {}, progress);
  expect(errors(first.result.outcomes)).toEqual([]);
  expect(statuses(first.result.outcomes)).toEqual(['created']);
  // No server keeps max_scheduled_runs: said once, in the plan.
  expect(progress.warnings.filter(({ message }) => message.includes('max_scheduled_runs'))).toHaveLength(1);

  const before = await stamps(server.rest, branch);
  server.reset();
  const second = await deploy(scenario);
  expect(second.result.plan.items.filter((item) => item.action !== 'unchanged')).toEqual([]);
  expect(statuses(second.result.outcomes)).toEqual(['unchanged']);
  expect(server.writes?.()).toEqual(server.writes ? [] : undefined);
  expect(await stamps(server.rest, branch)).toEqual(before);

  const drift = await deploy(scenario, { 'dry-run': true });
  expect(findDrift(drift.result.plan)).toEqual([]);

  const promoted = await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' });
  expect(errors(promoted.result.outcomes)).toEqual([]);
  expect(statuses(promoted.result.outcomes)).toEqual(['created']);

  const promotedStamps = await stamps(server.rest, branch);
  server.reset();
  const again = await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' });
  expect(again.result.plan.items.filter((item) => item.action !== 'unchanged')).toEqual([]);
  expect(statuses(again.result.outcomes)).toEqual(['unchanged']);
  expect(server.writes?.()).toEqual(server.writes ? [] : undefined);
  expect(await stamps(server.rest, branch)).toEqual(promotedStamps);

  const cleaned = await cleanup(scenario, { branch: [branch], 'max-deletes': 100 });
  expect(statuses(cleaned.result.outcomes)).toEqual(['deleted']);
  expect(cleaned.result.outcomes).toHaveLength(Object.keys(promotedStamps).length);
  expect(await stamps(server.rest, branch)).toEqual({});
}

/** A new flow signature is written even where PATCH cannot carry a schema (before 3.2), once. */
async function newSignatureWrittenOnce(scenario: Scenario): Promise<void> {
  expect(statuses((await deploy(scenario)).result.outcomes)).toEqual(['created']);
  const hello = scenario.project.read('flows/hello.py');
  scenario.project.write(
    'flows/hello.py',
    hello.replace(
      'def hello_world(name: str = "world")',
      'def hello_world(name: str = "world", loud: bool = False)',
    ),
  );

  const changed = await deploy(scenario);
  expect(errors(changed.result.outcomes)).toEqual([]);
  expect(
    changed.result.plan.items.filter((item) => item.action === 'update').map((item) => item.flowName),
  ).toEqual(['hello_world']);
  expect(statuses((await deploy(scenario)).result.outcomes)).toEqual(['unchanged']);
}

const QUERY = /\/(filter|count|paginate)$/;

if (REAL_PREFECT_URL) {
  describe('the real Prefect server under test', () => {
    it('deploys, promotes and cleans up every setting; every second run is unchanged with nothing written', async () => {
      const prefect = await prefectUnderTest();
      try {
        const server = { url: prefect.url, rest: prefect.rest, writes: null, reset: () => undefined };
        await everyStepUnchangedTheSecondTime(server, newScenario(prefect.url, 'versions'));
      } finally {
        await prefect.close();
      }
    });

    it('writes a new flow signature once, then finds it unchanged', async () => {
      const prefect = await prefectUnderTest();
      try {
        await newSignatureWrittenOnce(newScenario(prefect.url, 'signature'));
      } finally {
        await prefect.close();
      }
    });
  });
} else {
  describe.each(FAKE_VERSIONS)('the fake as Prefect %s', (version) => {
    it('deploys, promotes and cleans up every setting; every second run is unchanged with nothing written', async () => {
      const fake = await startFakePrefect({ version });
      const refused: string[] = [];
      const refusals = () =>
        fake.requests
          .filter((request) => request.status === 422)
          .map((request) => `${request.method} ${request.path}`);
      try {
        fake.addWorkPool(EXAMPLE_POOL, 'process');
        const server: Server = {
          url: fake.url,
          rest: new PrefectRest(fake.url),
          writes: () =>
            fake.requests
              .filter((request) => request.method !== 'GET' && !QUERY.test(request.path))
              .map((request) => `${request.method} ${request.path}`),
          reset: () => {
            refused.push(...refusals());
            fake.resetRequests();
          },
        };
        await everyStepUnchangedTheSecondTime(
          server,
          newScenario(fake.url, `v${version.replace(/\./g, '')}`),
        );
        // Nothing was sent that this version refuses.
        expect([...refused, ...refusals()]).toEqual([]);
      } finally {
        await fake.close();
      }
    });

    it('writes a new flow signature once, then finds it unchanged', async () => {
      const fake = await startFakePrefect({ version });
      try {
        fake.addWorkPool(EXAMPLE_POOL, 'process');
        await newSignatureWrittenOnce(newScenario(fake.url, `sig${version.replace(/\./g, '')}`));
      } finally {
        await fake.close();
      }
    });
  });
}
