// Cleanup of environments on servers of their own: dev and tst on server A (API key), prod on
// server B (basic auth); each server listed once, deletions through its own client, one
// max-deletes across both, and nothing deleted anywhere when one of them cannot be listed.
import { afterEach, beforeEach, expect } from '@jest/globals';
import { AggregatePortalError, PrefectAuthError } from '@portal-actions/core';
import { startFakePrefect, type FakePrefect } from '../../fake-prefect/index.js';
import { deletedOutput } from '../../../actions/cleanup/src/cleanup.js';
import { cleanupSummary } from '../../../actions/cleanup/src/cleanup-summary.js';
import {
  cleanup,
  deploy,
  expectedName,
  failureOf,
  newScenario,
  recordingProgress,
  type Scenario,
} from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { describeOnFake, EXAMPLE_POOL } from '../prefect-under-test.js';

const DEV_KEY = 'pnu_dev_key_for_tests';
const PROD_AUTH = 'ops:prod-secret';
const BRANCH = 'feature/gone';
const SEGMENT = 'feature-gone';

let a: FakePrefect;
let b: FakePrefect;

beforeEach(async () => {
  a = await startFakePrefect({ auth: { apiKey: DEV_KEY } });
  b = await startFakePrefect({ auth: { basicAuth: PROD_AUTH } });
  a.addWorkPool(EXAMPLE_POOL, 'process');
  b.addWorkPool(EXAMPLE_POOL, 'process');
});
afterEach(async () => {
  await Promise.all([a.close(), b.close()]);
  removeExampleCopies();
});

const runnerEnv = () => ({ PREFECT_API_KEY_DEV: DEV_KEY, PREFECT_AUTH_PROD: PROD_AUTH });

const placeOnA = (scenario: Scenario, env: string) =>
  scenario.project.editConfig((config) => {
    config.setIn(['environments', env, 'prefect'], { api_url: a.url, api_key_env: 'PREFECT_API_KEY_DEV' });
  });
const placeProdOnB = (scenario: Scenario) =>
  scenario.project.editConfig((config) => {
    config.setIn(['environments', 'prod', 'prefect'], {
      api_url: b.url,
      auth_string_env: 'PREFECT_AUTH_PROD',
    });
  });

/**
 * dev and tst on A, prod on B, the action given no connection; `BRANCH`'s hello_world deployed
 * to dev and prod, another branch's to dev. With `staleOnA`, a prod copy of `BRANCH` stays on A
 * from before prod moved to B.
 */
async function apartScenario(name: string, { staleOnA = false } = {}): Promise<Scenario> {
  const scenario = { ...newScenario('', name) };
  placeOnA(scenario, 'dev');
  placeOnA(scenario, 'tst');
  if (staleOnA) {
    await deploy(
      scenario,
      {
        branch: BRANCH,
        env: 'prod',
        flows: ['hello_world'],
        'prefect-api-url': a.url,
        'prefect-api-key': DEV_KEY,
      },
      recordingProgress(),
      runnerEnv(),
    );
  }
  placeProdOnB(scenario);
  for (const [branch, env] of [
    [BRANCH, 'dev'],
    [BRANCH, 'prod'],
    ['feature/kept', 'dev'],
  ] as const) {
    await deploy(scenario, { branch, env, flows: ['hello_world'] }, recordingProgress(), runnerEnv());
  }
  a.resetRequests();
  b.resetRequests();
  return scenario;
}

const names = (fake: FakePrefect) => [...fake.state.deployments.values()].map((d) => d.name).sort();
const deletes = (fake: FakePrefect) => fake.requests.filter((request) => request.method === 'DELETE');
const listings = (fake: FakePrefect) =>
  fake.requests.filter((request) => request.path === '/deployments/filter').length;
const named = (env: string, branch = SEGMENT) => expectedName(branch, 'hello_world', env);

describeOnFake('cleanup of environments on servers of their own', () => {
  it("deletes the branch in dev on A and prod on B, each through its own server's client", async () => {
    const scenario = await apartScenario('cleanup-apart', { staleOnA: true });
    const progress = recordingProgress();

    const run = await cleanup(scenario, { branch: [BRANCH] }, null, progress, runnerEnv());

    expect(run.result.refused).toBeNull();
    expect(run.result.outcomes.map((o) => [o.name, o.env, o.server, o.status])).toEqual([
      [named('dev'), 'dev', a.url, 'deleted'],
      [named('prod'), 'prod', b.url, 'deleted'],
    ]);
    // The prod copy left on A from before prod moved is not prod's: prod lives on B.
    expect(names(a)).toEqual([named('dev', 'feature-kept'), named('prod')].sort());
    expect(names(b)).toEqual([]);
    expect(listings(a)).toBe(1);
    expect(listings(b)).toBe(1);
    expect(deletes(a)).toHaveLength(1);
    expect(deletes(b)).toHaveLength(1);
    // Each server got its own credentials and never the other's.
    expect(a.requests.every((request) => request.headers.authorization === `Bearer ${DEV_KEY}`)).toBe(true);
    const basic = `Basic ${Buffer.from(PROD_AUTH).toString('base64')}`;
    expect(b.requests.every((request) => request.headers.authorization === basic)).toBe(true);
    expect(deletedOutput(run.result).map((entry) => [entry.name, entry.server])).toEqual([
      [named('dev'), a.url],
      [named('prod'), b.url],
    ]);
    const summary = cleanupSummary(run, false);
    expect(summary).toContain(`on 2 Prefect servers (\`${a.url}\`, \`${b.url}\`)`);
    expect(summary).toContain(
      `| \`${named('prod')}\` | \`${SEGMENT}\` | \`prod\` | \`${b.url}\` | 🗑️ deleted |`,
    );
    const said = progress.infos.join('\n');
    expect(said).toContain(`deleted ${named('prod')} on ${b.url}`);
  });

  it('lists only the servers the named environments live on', async () => {
    const scenario = await apartScenario('cleanup-apart-envs');

    const run = await cleanup(scenario, { branch: [BRANCH], envs: ['prod'] }, null, undefined, runnerEnv());

    expect(run.result.outcomes.map((o) => [o.name, o.server, o.status])).toEqual([
      [named('prod'), b.url, 'deleted'],
    ]);
    expect(a.requests).toEqual([]);
    expect(names(a)).toEqual([named('dev'), named('dev', 'feature-kept')].sort());
  });

  it('counts max-deletes across both servers, deleting nothing on either', async () => {
    const scenario = await apartScenario('cleanup-apart-max');

    const run = await cleanup(scenario, { branch: [BRANCH], 'max-deletes': 1 }, null, undefined, runnerEnv());

    expect(run.result.refused).toBe(
      '2 deployments would be deleted across 2 servers, more than max-deletes (1); nothing was deleted. Check the plan, then set `max-deletes: 2` (or more) to allow it.',
    );
    expect(deletes(a)).toEqual([]);
    expect(deletes(b)).toEqual([]);
    expect(deletedOutput(run.result)).toEqual([]);
  });

  it('plans on both servers in a dry run, naming each server, and deletes nothing', async () => {
    const scenario = await apartScenario('cleanup-apart-dry');

    const run = await cleanup(scenario, { branch: [BRANCH], 'dry-run': true }, null, undefined, runnerEnv());

    expect(deletedOutput(run.result).map((entry) => [entry.name, entry.server, entry.status])).toEqual([
      [named('dev'), a.url, 'planned'],
      [named('prod'), b.url, 'planned'],
    ]);
    expect(deletes(a)).toEqual([]);
    expect(deletes(b)).toEqual([]);
    expect(cleanupSummary(run, true)).toContain(
      `| \`${named('dev')}\` | \`${SEGMENT}\` | \`dev\` | \`${a.url}\` | 📝 planned |`,
    );
  });

  async function expectNothingDeleted(scenario: Scenario, serverB: string, env = runnerEnv()) {
    const error = await failureOf(cleanup(scenario, { branch: [BRANCH] }, null, undefined, env));

    expect(error).toBeInstanceOf(AggregatePortalError);
    expect(error.message).toContain(`1 of 2 Prefect servers could not be listed: ${serverB} (prod).`);
    expect(error.message).toContain('Nothing was deleted on any server');
    expect(deletes(a)).toEqual([]);
    expect(names(a)).toEqual([named('dev'), named('dev', 'feature-kept')].sort());
    return error as AggregatePortalError;
  }

  it('deletes nothing anywhere when B cannot be reached, naming B and prod', async () => {
    const scenario = await apartScenario('cleanup-apart-down');
    const serverB = b.url;
    await b.close();

    await expectNothingDeleted(scenario, serverB);

    b = await startFakePrefect(); // afterEach closes it again
  });

  it('deletes nothing anywhere when B refuses the credentials, with its 401 shown', async () => {
    const scenario = await apartScenario('cleanup-apart-401');

    const error = await expectNothingDeleted(scenario, b.url, {
      ...runnerEnv(),
      PREFECT_AUTH_PROD: 'ops:wrong',
    });

    expect(b.requests.map((request) => request.status)).toContain(401);
    expect(deletes(b)).toEqual([]);
    expect(names(b)).toEqual([named('prod')]);
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toBeInstanceOf(PrefectAuthError);
  });
});
