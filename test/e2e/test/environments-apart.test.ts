// Environments on servers of their own: dev on server A (API key), prod on server B (basic auth),
// placed by the config's `environments.<env>.prefect`; deploy, promote across, the portal view
// over both, and what happens when B is down, lacks the pool, or A refuses the key.
import { afterEach, beforeEach, expect } from '@jest/globals';
import { NotFoundError, PrefectAuthError, RefusedError } from '@portal-actions/core';
import { startFakePrefect, type FakePrefect } from '../../fake-prefect/index.js';
import { promoteSummary } from '../../../actions/promote/src/promote-summary.js';
import { findFlowsSummary } from '../../../actions/find-flows/src/find-flows-summary.js';
import {
  deploy,
  expectedName,
  failureOf,
  findFlows,
  newScenario,
  promote,
  recordingProgress,
  type Scenario,
} from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { describeOnFake, EXAMPLE_POOL } from '../prefect-under-test.js';

const DEV_KEY = 'pnu_dev_key_for_tests';
const PROD_AUTH = 'ops:prod-secret';

let a: FakePrefect;
let b: FakePrefect;

beforeEach(async () => {
  a = await startFakePrefect({ auth: { apiKey: DEV_KEY } });
  b = await startFakePrefect({ auth: { basicAuth: PROD_AUTH } });
  a.addWorkPool(EXAMPLE_POOL, 'process');
});
afterEach(async () => {
  await Promise.all([a.close(), b.close()]);
  removeExampleCopies();
});

/** The runner's environment: the secrets of both GitHub environments and prod's URL variable. */
const runnerEnv = () => ({
  PREFECT_API_KEY_DEV: DEV_KEY,
  PROD_PREFECT_URL: b.url,
  PREFECT_AUTH_PROD: PROD_AUTH,
});

/** dev and tst live on A, prod on B; the action is given no connection at all. */
function apartScenario(name: string): Scenario {
  const scenario = { ...newScenario('', name) };
  scenario.project.editConfig((config) => {
    config.setIn(['environments', 'dev', 'prefect'], { api_url: a.url, api_key_env: 'PREFECT_API_KEY_DEV' });
    config.setIn(['environments', 'tst', 'prefect'], { api_url: a.url, api_key_env: 'PREFECT_API_KEY_DEV' });
    config.setIn(['environments', 'prod', 'prefect'], {
      api_url: '${PROD_PREFECT_URL}',
      auth_string_env: 'PREFECT_AUTH_PROD',
    });
  });
  return scenario;
}

const writes = (fake: FakePrefect) =>
  fake.requests.filter((request) => request.method !== 'GET' && !request.path.endsWith('/filter'));
const names = (fake: FakePrefect) => [...fake.state.deployments.values()].map((d) => d.name).sort();

describeOnFake('environments on servers of their own', () => {
  it('deploys dev to A, promotes to prod on B, and finds the re-promotion unchanged', async () => {
    b.addWorkPool(EXAMPLE_POOL, 'process');
    const scenario = apartScenario('apart');

    const deployed = await deploy(scenario, {}, recordingProgress(), runnerEnv());
    const devNames = deployed.result.outcomes.map((outcome) => outcome.name);
    expect(deployed.result.outcomes.every((outcome) => outcome.status === 'created')).toBe(true);
    expect(names(a)).toEqual(devNames);
    expect(b.requests).toEqual([]);
    expect(a.requests.every((request) => request.headers.authorization === `Bearer ${DEV_KEY}`)).toBe(true);

    const promoted = await promote(
      scenario,
      { 'source-env': 'dev', 'target-env': 'prod' },
      recordingProgress(),
      runnerEnv(),
    );

    const prodNames = devNames.map((name) => name.replace(/--dev$/, '--prod'));
    expect(promoted.result.outcomes.map((outcome) => [outcome.name, outcome.status])).toEqual(
      prodNames.map((name) => [name, 'created']),
    );
    expect(names(b)).toEqual(prodNames);
    expect(names(a)).toEqual(devNames);
    // The flow was created on B (A's flow id means nothing there), with B's basic auth.
    const basic = `Basic ${Buffer.from(PROD_AUTH).toString('base64')}`;
    expect(b.requests.every((request) => request.headers.authorization === basic)).toBe(true);
    for (const deployment of b.state.deployments.values()) {
      expect([...b.state.flows.values()].map((flow) => flow.id)).toContain(deployment.flow_id);
      const source = [...a.state.deployments.values()].find(
        (each) => each.name === deployment.name.replace(/--prod$/, '--dev'),
      )!;
      expect(deployment.entrypoint).toBe(source.entrypoint);
      expect(deployment.version).toBe(source.version);
      expect(deployment.tags).toEqual(source.tags);
    }
    // Links point at each side's UI; the summary names both servers.
    const hello = promoted.result.outcomes.find((outcome) => outcome.flow_name === 'hello_world')!;
    expect(hello.url).toContain(b.url.replace(/\/api$/, ''));
    const step = promoted.result.steps.find((each) => each.item.flowName === 'hello_world')!;
    expect(step.source.details.url).toContain(a.url.replace(/\/api$/, ''));
    expect(promoted.result.servers).toMatchObject({ source: { apiUrl: a.url }, target: { apiUrl: b.url } });
    expect(names(b)).toEqual(names(a).map((name) => name.replace(/--dev$/, '--prod')));
    expect(b.requests.some((request) => request.headers.authorization?.includes(DEV_KEY))).toBe(false);
    const summary = promoteSummary(promoted.result, {
      project: promoted.project,
      branch: promoted.branch,
      sourceEnv: 'dev',
      targetEnv: 'prod',
      dryRun: false,
      expectedCommit: null,
    });
    expect(summary).toContain(`From Prefect 3.8.3 at ${a.url} to Prefect 3.8.3 at ${b.url}.`);

    b.resetRequests();
    const again = await promote(
      scenario,
      { 'source-env': 'dev', 'target-env': 'prod' },
      recordingProgress(),
      runnerEnv(),
    );
    expect(again.result.outcomes.map((outcome) => outcome.status)).toEqual(prodNames.map(() => 'unchanged'));
    expect(writes(b)).toEqual([]);
  });

  it('shows the portal view over both servers, listing each server once', async () => {
    b.addWorkPool(EXAMPLE_POOL, 'process');
    const scenario = apartScenario('portal-apart');
    await deploy(scenario, {}, recordingProgress(), runnerEnv());
    await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' }, recordingProgress(), runnerEnv());
    a.resetRequests();
    b.resetRequests();

    const run = await findFlows(scenario, { 'with-deployments': true, branch: scenario.branch }, runnerEnv());

    expect(run.environments).toEqual(['dev', 'tst', 'prod']);
    expect(run.unreachable).toEqual([]);
    const hello = run.flows.find((flow) => flow.name === 'hello_world')!;
    expect(hello.deployments!.dev!.map((d) => d.name)).toEqual([
      expectedName(scenario.branch, 'hello_world', 'dev'),
    ]);
    expect(hello.deployments!.tst).toEqual([]);
    expect(hello.deployments!.prod!.map((d) => [d.name, d.commit_hash])).toEqual([
      [expectedName(scenario.branch, 'hello_world', 'prod'), scenario.commit],
    ]);
    // dev and tst share A: one listing there, one on B.
    const listings = (fake: FakePrefect) =>
      fake.requests.filter((r) => r.path === '/deployments/filter').length;
    expect(listings(a)).toBe(1);
    expect(listings(b)).toBe(1);
  });

  it('reads only the placed environment apart; the action connection serves the others', async () => {
    b.addWorkPool(EXAMPLE_POOL, 'process');
    const scenario = newScenario('', 'only-prod-apart');
    scenario.project.editConfig((config) => {
      config.setIn(['environments', 'prod', 'prefect'], {
        api_url: b.url,
        auth_string_env: 'PREFECT_AUTH_PROD',
      });
    });
    const env = { PREFECT_API_URL: a.url, PREFECT_API_KEY: DEV_KEY, PREFECT_AUTH_PROD: PROD_AUTH };
    const deployed = await deploy(scenario, {}, recordingProgress(), env);
    expect(names(a)).toEqual(deployed.result.outcomes.map((outcome) => outcome.name));
    // No source inputs and no dev placement: dev lives where unplaced environments live (A), and
    // A's key (PREFECT_API_KEY) is not sent to B.
    const promoted = await promote(
      scenario,
      { 'source-env': 'dev', 'target-env': 'prod' },
      recordingProgress(),
      env,
    );
    expect(promoted.result.servers).toMatchObject({ source: { apiUrl: a.url }, target: { apiUrl: b.url } });
    expect(names(b)).toEqual(names(a).map((name) => name.replace(/--dev$/, '--prod')));
    expect(b.requests.some((request) => request.headers.authorization?.includes(DEV_KEY))).toBe(false);

    const run = await findFlows(scenario, { 'with-deployments': true, branch: scenario.branch }, env);

    const hello = run.flows.find((flow) => flow.name === 'hello_world')!;
    expect(hello.deployments!.dev).toHaveLength(1);
    expect(hello.deployments!.prod!.map((d) => d.url)).toEqual([
      expect.stringContaining(b.url.replace(/\/api$/, '')),
    ]);
  });

  it("gates what is written by the target's version, not the source's", async () => {
    await b.close();
    // A 2.x server knows no job_variables, slugs or concurrency fields: a body fitted to A (3.8.3) is a 422 here.
    b = await startFakePrefect({ version: '2.20.0', auth: { basicAuth: PROD_AUTH } });
    b.addWorkPool(EXAMPLE_POOL, 'process');
    const scenario = apartScenario('old-target');
    await deploy(scenario, { flows: ['hello_world'] }, recordingProgress(), runnerEnv());

    const promoted = await promote(
      scenario,
      { 'source-env': 'dev', 'target-env': 'prod' },
      recordingProgress(),
      runnerEnv(),
    );

    expect(promoted.result.outcomes.map((outcome) => [outcome.status, outcome.error])).toEqual([
      ['created', null],
    ]);
    expect(b.requests.filter((request) => request.status === 422)).toEqual([]);
    const again = await promote(
      scenario,
      { 'source-env': 'dev', 'target-env': 'prod' },
      recordingProgress(),
      runnerEnv(),
    );
    expect(again.result.outcomes.map((outcome) => outcome.status)).toEqual(['unchanged']);
  });

  it('warns and leaves prod empty when B cannot be reached', async () => {
    b.addWorkPool(EXAMPLE_POOL, 'process');
    const scenario = apartScenario('b-down');
    await deploy(scenario, {}, recordingProgress(), runnerEnv());
    await b.close();
    const progress = recordingProgress();

    const run = await findFlows(
      scenario,
      { 'with-deployments': true, branch: scenario.branch },
      runnerEnv(),
      progress,
    );

    const hello = run.flows.find((flow) => flow.name === 'hello_world')!;
    expect(hello.deployments!.dev).toHaveLength(1);
    expect(hello.deployments!.prod).toEqual([]);
    expect(run.unreachable.map((server) => [server.label, server.environments])).toEqual([[b.url, ['prod']]]);
    expect(progress.warnings.map((warning) => warning.message).join('\n')).toContain(
      `Could not list the deployments of environment prod at ${b.url}`,
    );
    expect(findFlowsSummary(run)).toContain('prod: could not list');
    b = await startFakePrefect(); // afterEach closes it again
  });

  it('refuses the promotion before writing when B lacks the work pool', async () => {
    const scenario = apartScenario('no-pool');
    await deploy(scenario, {}, recordingProgress(), runnerEnv());

    const error = await failureOf(
      promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' }, recordingProgress(), runnerEnv()),
    );

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(`Work pool "${EXAMPLE_POOL}"`);
    expect(error.message).toContain(`not found on the target server ${b.url}; nothing was promoted`);
    expect(writes(b)).toEqual([]);
    expect(b.state.deployments.size).toBe(0);
    expect(b.state.flows.size).toBe(0);
  });

  it('fails on the auth error when A refuses the key, writing nothing', async () => {
    const scenario = apartScenario('a-401');

    const error = await failureOf(
      deploy(scenario, {}, recordingProgress(), { ...runnerEnv(), PREFECT_API_KEY_DEV: 'pnu_wrong' }),
    );

    expect(error).toBeInstanceOf(PrefectAuthError);
    expect(a.requests.map((request) => request.status)).toContain(401);
    expect(a.state.deployments.size).toBe(0);
    expect(b.requests).toEqual([]);
  });

  it('refuses a prod deploy whose input points at the dev server, before any request', async () => {
    const scenario = apartScenario('wrong-server');

    const error = await failureOf(
      deploy(scenario, { env: 'prod', 'prefect-api-url': a.url }, recordingProgress(), runnerEnv()),
    );

    expect(error).toBeInstanceOf(RefusedError);
    expect(error.message).toContain(`Environment "prod" lives at ${b.url}`);
    expect(error.message).toContain(`the \`prefect-api-url\` input points at ${a.url}; nothing was written`);
    expect(a.requests).toEqual([]);
    expect(b.requests).toEqual([]);
  });

  it('names the missing secret variable of an environment, with its config line', async () => {
    const scenario = apartScenario('no-secret');
    const { PREFECT_API_KEY_DEV: _dev, ...withoutDevKey } = runnerEnv();

    const error = await failureOf(deploy(scenario, {}, recordingProgress(), withoutDevKey));

    expect(error.message).toContain(
      'Environment variable PREFECT_API_KEY_DEV is not set on the runner; environments.dev.prefect.api_key_env',
    );
    expect(a.requests).toEqual([]);
  });

  it('takes the source from the source-prefect-* inputs when the config places nothing', async () => {
    b.addWorkPool(EXAMPLE_POOL, 'process');
    const scenario = newScenario(a.url, 'source-inputs');
    await deploy(scenario, { 'prefect-api-key': DEV_KEY });

    const promoted = await promote(scenario, {
      'source-env': 'dev',
      'target-env': 'prod',
      'source-prefect-api-url': a.url,
      'source-prefect-api-key': DEV_KEY,
      'prefect-api-url': b.url,
      'prefect-auth-string': PROD_AUTH,
    });

    expect(promoted.result.outcomes.every((outcome) => outcome.status === 'created')).toBe(true);
    expect(names(b)).toEqual(names(a).map((name) => name.replace(/--dev$/, '--prod')));
  });
  it("writes the promoted triggers on the target's server, references rewritten to its deployments", async () => {
    b.addWorkPool(EXAMPLE_POOL, 'process');
    const scenario = apartScenario('apart-triggers');
    scenario.project.editConfig((config) =>
      config.setIn(
        ['deployments', 'hello_world', 'triggers'],
        config.createNode([{ after: 'weekly_summary' }]),
      ),
    );
    await deploy(scenario, {}, recordingProgress(), runnerEnv());
    expect(a.state.automations.size).toBe(1);

    const promoted = await promote(
      scenario,
      { 'source-env': 'dev', 'target-env': 'prod' },
      recordingProgress(),
      runnerEnv(),
    );

    expect(promoted.result.automations.map((each) => each.status)).toEqual(['created']);
    const [automation] = [...b.state.automations.values()];
    const idOn = (fake: FakePrefect, flow: string) =>
      [...fake.state.deployments.values()].find(
        (d) => d.name === expectedName(scenario.branch, flow, 'prod'),
      )!.id;
    expect(automation!.actions[0]!['deployment_id']).toBe(idOn(b, 'hello_world'));
    expect(automation!.trigger['match_related']).toMatchObject({
      'prefect.resource.id': `prefect.deployment.${idOn(b, 'weekly_summary')}`,
    });
    expect(a.state.automations.size).toBe(1);
  });
});
