// Deploy through an unreliable server (fake only: faults are injected): rate limits, busy
// answers and dropped connections are retried to success; a flow whose write keeps failing is
// reported failed with Prefect's answer while the others are deployed.
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { deploySummary } from '../../../actions/deploy/src/deploy-summary.js';
import type { FakePrefect } from '../../fake-prefect/index.js';
import {
  deploy,
  expectedName,
  findFlows,
  newScenario,
  recordingProgress,
  type Scenario,
} from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { describeOnFake, prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
let fake: FakePrefect;
beforeEach(async () => {
  server = await prefectUnderTest();
  fake = server.fake!;
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

async function flowCount(scenario: Scenario): Promise<number> {
  return (await findFlows(scenario)).flows.filter((flow) => flow.deployable).length;
}

function deploymentPosts(): number[] {
  return fake.requests
    .filter((request) => request.method === 'POST' && request.path === '/deployments/')
    .map((r) => r.status);
}

describeOnFake('transient faults are retried', () => {
  it('a 429 with Retry-After on the first deployment write: every flow still created', async () => {
    const scenario = newScenario(server.url, 'ratelimit');
    const flows = await flowCount(scenario);
    const fault = fake.faults.add({
      method: 'POST',
      path: '/deployments/',
      fault: { status: 429, retryAfter: 2 },
    });
    const progress = recordingProgress();

    const run = await deploy(scenario, {}, progress);

    expect(fault.served).toBe(1);
    expect(run.result.outcomes.map((outcome) => outcome.status)).toEqual(Array(flows).fill('created'));
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(flows);
    expect(deploymentPosts().filter((status) => status === 429)).toHaveLength(1);
    expect(deploymentPosts()).toHaveLength(flows + 1);
    expect(progress.infos.some((line) => /retrying POST \/deployments\/ after 429/.test(line))).toBe(true);
  });

  it('503 twice: still succeeds', async () => {
    const scenario = newScenario(server.url, 'busy');
    const flows = await flowCount(scenario);
    const fault = fake.faults.add({
      method: 'POST',
      path: '/deployments/',
      times: 2,
      fault: { status: 503 },
    });

    const run = await deploy(scenario);

    expect(fault.served).toBe(2);
    expect(run.result.outcomes.map((outcome) => outcome.status)).toEqual(Array(flows).fill('created'));
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(flows);
  });

  it('a dropped connection on a deployment write: the upsert is sent again and succeeds', async () => {
    const scenario = newScenario(server.url, 'dropped');
    const flows = await flowCount(scenario);
    const fault = fake.faults.add({ method: 'POST', path: '/deployments/', fault: { dropConnection: true } });

    const run = await deploy(scenario);

    expect(fault.served).toBe(1);
    expect(run.result.outcomes.map((outcome) => outcome.status)).toEqual(Array(flows).fill('created'));
    expect(deploymentPosts().filter((status) => status === 0)).toHaveLength(1);
    // The retried upsert must not leave a duplicate behind.
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(flows);
  });

  it('a dropped connection while listing deployments: the read is retried', async () => {
    const scenario = newScenario(server.url, 'droppedread');
    fake.faults.add({ method: 'POST', path: '/deployments/filter', fault: { dropConnection: true } });

    const run = await deploy(scenario);

    expect(run.result.outcomes.every((outcome) => outcome.status === 'created')).toBe(true);
  });
});

describeOnFake('faults that do not go away', () => {
  it("a persistent 500 on one flow's deployment: that flow failed with Prefect's answer, the others done", async () => {
    const scenario = newScenario(server.url, 'broken');
    await deploy(scenario);
    const hello = expectedName(scenario.branch, 'hello_world', 'dev');
    const helloId = (await server.rest.branchDeployments(scenario.branch)).get(hello)!.id;
    // A change for every flow, so every flow is written again.
    scenario.project.editConfig((config) => {
      config.setIn(['environments', 'dev', 'env', 'FEATURE_FLAG'], 'on');
    });
    fake.faults.add({
      method: 'PATCH',
      path: `/deployments/${helloId}`,
      times: Infinity,
      fault: { status: 500, body: { exception_message: 'Internal Server Error' } },
    });

    const run = await deploy(scenario);

    const failed = run.result.outcomes.filter((outcome) => outcome.status === 'failed');
    expect(failed.map((outcome) => outcome.name)).toEqual([hello]);
    expect(failed[0]!.error).toContain('500');
    expect(failed[0]!.error).toContain(`PATCH /deployments/${helloId}`);
    expect(failed[0]!.error).toContain('Internal Server Error');
    expect(failed[0]!.url).toContain(helloId);
    const others = run.result.outcomes.filter((outcome) => outcome.name !== hello);
    expect(others.length).toBeGreaterThan(0);
    for (const outcome of others) expect(outcome.status).toBe('updated');
    const onServer = await server.rest.branchDeployments(scenario.branch);
    for (const outcome of others)
      expect(onServer.get(outcome.name)!.job_variables.env).toHaveProperty('FEATURE_FLAG', 'on');
    expect(onServer.get(hello)!.job_variables.env).not.toHaveProperty('FEATURE_FLAG');

    // The job summary shows the failure in its row and the full error below the table.
    const summary = deploySummary(run.result, {
      env: 'dev',
      project: run.context.project,
      branch: run.context.branch,
      commit: run.context.commit,
      packageVersion: run.context.packageVersion ?? '',
      dryRun: false,
      manifestPath: null,
    });
    expect(summary).toMatch(
      new RegExp(`\\*\\*(${others.length} updated, 1 failed|1 failed, ${others.length} updated)\\.\\*\\*`),
    );
    expect(summary).toMatch(
      new RegExp(`\\[\`${hello}\`\\]\\([^)]*${helloId}\\) \\| ❌ failed \\| see errors below`),
    );
    expect(summary).toContain('### Errors (1)');
    expect(summary).toContain(`- **${hello}**: Prefect answered 500 to PATCH /deployments/${helloId}`);
  });

  it("a 422 on one flow's write shows Prefect's validation detail", async () => {
    const scenario = newScenario(server.url, 'rejected');
    await deploy(scenario);
    const hello = expectedName(scenario.branch, 'hello_world', 'dev');
    const helloId = (await server.rest.branchDeployments(scenario.branch)).get(hello)!.id;
    scenario.project.editConfig((config) => {
      config.setIn(['deployments', 'hello_world', 'parameters', 'name'], 'zaphod');
    });
    fake.faults.add({
      method: 'PATCH',
      path: `/deployments/${helloId}`,
      fault: {
        status: 422,
        body: {
          exception_message: 'Invalid request received.',
          exception_detail: [
            { type: 'value_error', loc: ['body', 'parameters'], msg: 'Value error, parameters too large' },
          ],
        },
      },
    });

    const run = await deploy(scenario);

    const outcome = run.result.outcomes.find((each) => each.name === hello)!;
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toContain('422');
    expect(outcome.error).toContain('parameters too large');
  });

  it('a rate limit that never lifts: every write fails saying so, after the retries', async () => {
    const scenario = newScenario(server.url, 'throttled');
    fake.faults.add({
      method: 'POST',
      path: '/deployments/',
      times: Infinity,
      fault: { status: 429, retryAfter: 0 },
    });

    const run = await deploy(scenario);

    expect(run.result.outcomes.length).toBeGreaterThan(0);
    for (const outcome of run.result.outcomes) {
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatch(/rate-limit/);
      expect(outcome.error).toContain('429');
    }
    expect(fake.state.deployments.size).toBe(0);
  });
});
