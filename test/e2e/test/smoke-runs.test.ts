// Smoke runs after deploy and promote, against the fake's scripted worker: one tagged run per
// named deployment, waited for with backoff on a scripted clock; anything but COMPLETED fails.
import { afterEach, beforeEach, expect } from '@jest/globals';
import { smokeFailure } from '@portal-actions/core';
import { deploy, newScenario, promote, recordingProgress, scriptedClock } from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { describeOnFake, itOnFake, prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

describeOnFake('smoke runs', () => {
  itOnFake(
    'runs each named deployment once, with its default parameters, and reports COMPLETED',
    async () => {
      const fake = server.fake!;
      fake.worker.follow({ states: ['PENDING', 'RUNNING', 'COMPLETED'] });
      const scenario = newScenario(server.url, 'smoke-ok');
      const clock = scriptedClock();
      const progress = recordingProgress();
      const { smokeRuns } = await deploy(
        scenario,
        { 'smoke-flows': ['hello_world'] },
        progress,
        {},
        { clock },
      );

      expect(smokeRuns).toHaveLength(1);
      const [run] = smokeRuns;
      expect(run).toMatchObject({
        flow_name: 'hello_world',
        state: 'COMPLETED',
        passed: true,
        problem: null,
      });
      expect(run!.url).toBe(`${server.url.replace(/\/api$/, '')}/runs/flow-run/${run!.flow_run_id}`);
      const stored = fake.state.flowRuns.get(run!.flow_run_id!)!;
      expect(stored.tags).toContain('portal-smoke');
      expect(stored.parameters).toEqual({ name: 'marvin' });
      // Three polls, each waiting longer than the one before (capped backoff, never a busy loop).
      expect(clock.sleeps).toEqual([2000, 3000, 4500]);
      expect(progress.infos.filter((line) => line.startsWith('Smoke run of hello_world:'))).toEqual([
        expect.stringContaining('created'),
        'Smoke run of hello_world: Scheduled → Pending after 2 s',
        'Smoke run of hello_world: Pending → Running after 5 s',
        'Smoke run of hello_world: Running → Completed after 10 s',
      ]);
      // One run per poll round in one filter request by id.
      const polls = fake.requests.filter((request) => request.path === '/flow_runs/filter');
      expect(polls).toHaveLength(3);
      expect(polls[0]!.body).toMatchObject({ flow_runs: { id: { any_: [run!.flow_run_id] } } });
    },
  );

  itOnFake(
    'lays smoke-parameters over the defaults and fails the step on a FAILED run, listing it',
    async () => {
      const fake = server.fake!;
      fake.worker.follow({
        states: ['RUNNING', { type: 'FAILED', message: 'Flow run encountered an exception: ValueError' }],
      });
      const scenario = newScenario(server.url, 'smoke-fail');
      const { smokeRuns } = await deploy(
        scenario,
        { 'smoke-flows': ['hello_world'], 'smoke-parameters': { hello_world: { name: 'smoke' } } },
        recordingProgress(),
        {},
        { clock: scriptedClock() },
      );
      expect(fake.state.flowRuns.get(smokeRuns[0]!.flow_run_id!)!.parameters).toEqual({ name: 'smoke' });
      expect(smokeRuns[0]).toMatchObject({ state: 'FAILED', passed: false });
      const failure = smokeFailure(smokeRuns)!;
      expect(failure.describe()).toContain(
        'hello_world (acme-example--' +
          scenario.branch +
          '--hello-world--dev): ended Failed: Flow run encountered an exception: ValueError',
      );
      expect(failure.describe()).toContain(smokeRuns[0]!.url!);
    },
  );

  itOnFake('says in words that no worker picked a run up before the timeout', async () => {
    // No worker script: the run stays SCHEDULED.
    const scenario = newScenario(server.url, 'smoke-idle');
    const clock = scriptedClock();
    const progress = recordingProgress();
    const { smokeRuns } = await deploy(
      scenario,
      { 'smoke-flows': ['hello_world'], 'smoke-timeout': 600_000 },
      progress,
      {},
      { clock },
    );
    expect(smokeRuns[0]!.problem).toBe(
      'still Scheduled: no worker picked it up in 10 min: is a worker polling work pool local-pool?',
    );
    expect(clock.now()).toBe(600_000);
    expect(Math.max(...clock.sleeps)).toBe(15_000);
    expect(
      progress.infos.some((line) => /^Waiting for 1 smoke run \(hello_world Scheduled\) after/.test(line)),
    ).toBe(true);
  });

  itOnFake('runs every promoted deployment with `all` after a promotion', async () => {
    const fake = server.fake!;
    const scenario = newScenario(server.url, 'smoke-promote');
    await deploy(scenario);
    fake.worker.follow({ states: ['COMPLETED'] });
    const run = await promote(
      scenario,
      { 'source-env': 'dev', 'target-env': 'tst', 'smoke-flows': 'all' },
      recordingProgress(),
      {},
      { clock: scriptedClock() },
    );
    expect(run.smokeRuns.length).toBe(run.result.outcomes.length);
    expect(run.smokeRuns.every((each) => each.passed && each.deployment.endsWith('--tst'))).toBe(true);
  });

  itOnFake('reports a named flow this step did not write as not run', async () => {
    const scenario = newScenario(server.url, 'smoke-missing');
    const { smokeRuns } = await deploy(
      scenario,
      { flows: ['hello_world'], 'smoke-flows': ['daily_sales'] },
      recordingProgress(),
      {},
      { clock: scriptedClock() },
    );
    expect(smokeRuns).toEqual([
      expect.objectContaining({
        flow_name: 'daily_sales',
        passed: false,
        problem: 'not run: this step wrote no deployment of that flow',
      }),
    ]);
  });
});
