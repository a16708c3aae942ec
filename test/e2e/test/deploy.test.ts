// Deploying the example project end to end: what lands in Prefect on a first deploy, a re-deploy,
// a config change, a dry run, a subset of flows and a prune.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { NotFoundError } from '@portal-actions/core';
import { deploySummary } from '../../../actions/deploy/src/deploy-summary.js';
import {
  deploy,
  EXAMPLE_PROJECT,
  expectedName,
  failureOf,
  findFlows,
  newScenario,
  type Scenario,
} from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { itOnFake, prefectUnderTest, randomCommit, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

/** The flows deploy would pick for `all`: every deployable flow find-flows reports. */
async function deployableFlows(scenario: Scenario) {
  const { flows } = await findFlows(scenario);
  return flows.filter((flow) => flow.deployable);
}

/** A flow other than hello_world that is alone in its file, so deleting the file removes just it. */
async function loneFlow(scenario: Scenario) {
  const { flows } = await findFlows(scenario);
  const fileOf = (flow: { entrypoint: string }) => flow.entrypoint.split(':')[0]!;
  const victim = flows.find(
    (flow) =>
      flow.deployable &&
      flow.name !== 'hello_world' &&
      flows.filter((other) => fileOf(other) === fileOf(flow)).length === 1,
  );
  if (!victim) throw new Error('the examples need a second flow alone in its file');
  return { flow: victim, file: fileOf(victim) };
}

const WORKING_DIRECTORY_STEP = {
  'prefect.deployments.steps.set_working_directory': { directory: '/opt/prefect/acme-example' },
};

describe('deploy the examples to dev', () => {
  it('creates one deployment per flow with the seed naming, version tags, env and pull step', async () => {
    const scenario = newScenario(server.url, 'first');
    const flows = await deployableFlows(scenario);
    expect(flows.map((flow) => flow.name)).toContain('hello_world');

    const run = await deploy(scenario);

    const names = flows.map((flow) => expectedName(scenario.branch, flow.name, 'dev')).sort();
    expect(run.result.outcomes.map((outcome) => [outcome.name, outcome.status, outcome.error])).toEqual(
      names.map((name) => [name, 'created', null]),
    );
    const onServer = await server.rest.branchDeployments(scenario.branch);
    expect([...onServer.keys()].sort()).toEqual(names);

    const packageVersion = scenario.project.packageVersion();
    for (const flow of flows) {
      const name = expectedName(scenario.branch, flow.name, 'dev');
      const deployment = onServer.get(name)!;
      expect(deployment.tags).toEqual(
        expect.arrayContaining([
          `PROJECT_NAME=${EXAMPLE_PROJECT}`,
          `BRANCH_NAME=${scenario.branch}`,
          `COMMIT_HASH=${scenario.commit}`,
          `PACKAGE_VERSION=${packageVersion}`,
          'example',
        ]),
      );
      expect(deployment.version).toBe(`${scenario.branch}-${scenario.commit}`);
      expect(deployment.work_pool_name).toBe('local-pool');
      expect(deployment.job_variables.env).toEqual({ LOG_LEVEL: 'DEBUG', DEPLOYMENT_NAME: name });
      expect(deployment.job_variables).not.toHaveProperty('image');
      // Relative to the project folder (examples/), where the worker's working directory points.
      expect(deployment.entrypoint).toBe(flow.entrypoint);
      const [file, functionName] = deployment.entrypoint!.split(':');
      expect(file!.startsWith('examples/')).toBe(false);
      expect(existsSync(scenario.project.path(file!))).toBe(true);
      expect(functionName).toBe(flow.child_attributes.obj_name);
      expect(deployment.pull_steps).toEqual([WORKING_DIRECTORY_STEP]);
      expect(deployment.parameter_openapi_schema).toMatchObject({ type: 'object', title: 'Parameters' });
      expect(Object.keys(deployment.parameter_openapi_schema!.properties as object).sort()).toEqual(
        Object.keys(flow.parameters.properties).sort(),
      );
      // The examples' config schedules hello_world in prod only.
      expect(deployment.schedules).toEqual([]);
    }

    const hello = onServer.get(expectedName(scenario.branch, 'hello_world', 'dev'))!;
    expect(hello.parameters).toEqual({ name: 'marvin' });
    expect(hello.description).toBe('Says hello to whoever is named.');
    expect(hello.parameter_openapi_schema).toMatchObject({ properties: { name: { type: 'string' } } });

    // Outputs: one line per deployment with its id and a link to it in the Prefect UI.
    for (const outcome of run.result.outcomes) {
      const deployment = onServer.get(outcome.name)!;
      expect(outcome).toMatchObject({ env: 'dev', id: deployment.id });
      expect(outcome.url).toContain(deployment.id);
    }
    expect(run.context).toMatchObject({
      project: EXAMPLE_PROJECT,
      branch: scenario.branch,
      commit: scenario.commit,
    });

    const summary = deploySummary(run.result, {
      env: 'dev',
      project: run.context.project,
      branch: run.context.branch,
      commit: run.context.commit,
      packageVersion,
      dryRun: false,
      manifestPath: null,
    });
    expect(summary).toContain(`${EXAMPLE_PROJECT} → dev`);
    expect(summary).toContain(`**${flows.length} created.**`);
    for (const outcome of run.result.outcomes) {
      expect(summary).toContain(`[\`${outcome.name}\`](${outcome.url})`);
    }
  });
});

describe("after a workflow_run (the templates' trigger)", () => {
  it('deploys the commit and branch that were built, not the default branch head', async () => {
    const built = newScenario(server.url, 'wfrun');
    const scenario: Scenario = {
      ...built,
      github: {
        eventName: 'workflow_run',
        sha: randomCommit(),
        ref: 'refs/heads/main',
        payload: {
          workflow_run: { head_sha: built.commit, head_branch: built.branch, conclusion: 'success' },
        },
      },
    };

    await deploy(scenario, { flows: ['hello_world'] });

    const name = expectedName(built.branch, 'hello_world', 'dev');
    const hello = (await server.rest.branchDeployments(built.branch)).get(name)!;
    expect(hello.tags).toEqual(
      expect.arrayContaining([`COMMIT_HASH=${built.commit}`, `BRANCH_NAME=${built.branch}`]),
    );
    expect(hello.version).toBe(`${built.branch}-${built.commit}`);
  });
});

describe('environment variables', () => {
  it('the env-vars input and env-vars-command add to the config env, later layers winning', async () => {
    const scenario = newScenario(server.url, 'envvars');

    await deploy(scenario, {
      flows: ['hello_world'],
      'env-vars': 'FEATURE=on\nLOG_LEVEL=TRACE',
      'env-vars-command': "printf 'API_TOKEN=from-command\\nFEATURE=command\\n'",
    });

    const name = expectedName(scenario.branch, 'hello_world', 'dev');
    const hello = (await server.rest.branchDeployments(scenario.branch)).get(name)!;
    expect(hello.job_variables.env).toEqual({
      LOG_LEVEL: 'TRACE',
      FEATURE: 'command',
      API_TOKEN: 'from-command',
      DEPLOYMENT_NAME: name,
    });
  });

  it('a dry run names the variables that change in its summary, never their values', async () => {
    const scenario = newScenario(server.url, 'envplan');
    await deploy(scenario, { flows: ['hello_world'], 'env-vars': 'LOG_LEVEL=INFO\nOLD_FLAG=yes' });
    const plan = await deploy(scenario, {
      flows: ['hello_world'],
      'env-vars': 'LOG_LEVEL=TRACE\nAPI_TOKEN=tok-4f9a',
      'dry-run': true,
    });
    const summary = deploySummary(plan.result, {
      env: 'dev',
      project: plan.context.project,
      branch: plan.context.branch,
      commit: plan.context.commit,
      packageVersion: '',
      dryRun: true,
      manifestPath: null,
    });
    expect(summary).toContain('env: +API_TOKEN, ~LOG_LEVEL, -OLD_FLAG');
    for (const value of ['tok-4f9a', 'TRACE', 'INFO', 'yes']) expect(summary).not.toContain(value);
  });

  it('DEPLOYMENT_NAME from the env-vars input is refused, naming the variable and the input', async () => {
    const scenario = newScenario(server.url, 'envreserved');

    const run = await deploy(scenario, { flows: ['hello_world'], 'env-vars': 'DEPLOYMENT_NAME=other' });

    expect(run.result.outcomes).toHaveLength(1);
    expect(run.result.outcomes[0]!.status).toBe('failed');
    expect(run.result.outcomes[0]!.error).toContain('DEPLOYMENT_NAME in the env-vars input');
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(0);
  });
});

describe('deploy again', () => {
  it('reports every deployment unchanged', async () => {
    const scenario = newScenario(server.url, 'again');
    const first = await deploy(scenario);
    const before = await server.rest.branchDeployments(scenario.branch);

    const second = await deploy(scenario);

    expect(second.result.outcomes.map((outcome) => outcome.status)).toEqual(
      first.result.outcomes.map(() => 'unchanged'),
    );
    const after = await server.rest.branchDeployments(scenario.branch);
    expect([...after.values()].map((d) => [d.name, d.id])).toEqual(
      [...before.values()].map((d) => [d.name, d.id]),
    );
  });

  itOnFake(
    'reads the work pool, one page of deployments and one of automations, and writes nothing',
    async () => {
      const scenario = newScenario(server.url, 'quiet');
      await deploy(scenario);
      server.fake!.resetRequests();

      await deploy(scenario);

      const calls = server.fake!.requests.map((request) => `${request.method} ${request.path}`);
      // Two listings of deployments: this project's, and its flows' others outside our naming
      // (docs/switching.md); with none of those, no flow names are read.
      expect(calls.filter((call) => call !== 'GET /work_pools/local-pool').sort()).toEqual([
        'GET /admin/version',
        'POST /automations/filter',
        'POST /deployments/filter',
        'POST /deployments/filter',
      ]);
      expect(calls).toContain('GET /work_pools/local-pool');
    },
  );
});

describe('deploy again with many deployments in the branch', () => {
  itOnFake('lists them one page of 200 at a time and still writes nothing', async () => {
    const scenario = newScenario(server.url, 'paged');
    await deploy(scenario);
    // 250 deployments of this project and branch in another environment: read, never touched.
    const flowId = await server.rest.createFlow('filler');
    for (let index = 0; index < 250; index += 1) {
      await server.rest.createDeployment({
        name: expectedName(scenario.branch, `filler_${index}`, 'uat'),
        flow_id: flowId,
        work_pool_name: 'local-pool',
      });
    }
    server.fake!.resetRequests();

    const run = await deploy(scenario);

    expect(run.result.outcomes.every((outcome) => outcome.status === 'unchanged')).toBe(true);
    const calls = server.fake!.requests.map((request) => `${request.method} ${request.path}`);
    const listings = server.fake!.requests.filter((request) => request.path === '/deployments/filter');
    // Two pages of this project's deployments, and one listing of its flows' other deployments.
    const byFlow = (request: (typeof listings)[number]) =>
      (request.body as { flows?: unknown }).flows !== undefined;
    expect(listings.filter((request) => !byFlow(request))).toHaveLength(2);
    expect(listings.filter(byFlow)).toHaveLength(1);
    expect(calls.filter((call) => !call.startsWith('GET ') && call !== 'POST /deployments/filter')).toEqual([
      'POST /automations/filter',
    ]);
  });
});

describe('deploy after a config change', () => {
  it('updates only the changed deployment, keeps schedule ids and drops a removed schedule', async () => {
    const scenario = newScenario(server.url, 'change');
    const helloPath = ['environments', 'dev', 'deployments', 'hello_world'];
    scenario.project.editConfig((config) => {
      config.setIn(
        [...helloPath, 'schedules'],
        [
          { cron: '0 7 * * *', timezone: 'Europe/London', slug: 'morning' },
          { interval: 3600, slug: 'hourly' },
        ],
      );
    });
    await deploy(scenario);
    const name = expectedName(scenario.branch, 'hello_world', 'dev');
    const first = (await server.rest.branchDeployments(scenario.branch)).get(name)!;
    // Servers before 3.2 keep no slugs: there a changed list replaces every schedule.
    const slugs = first.schedules.every((s) => s.slug !== undefined);
    const firstIds = Object.fromEntries(first.schedules.map((s) => [s.slug, s.id]));
    if (slugs) expect(Object.keys(firstIds).sort()).toEqual(['hourly', 'morning']);
    else expect(first.schedules).toHaveLength(2);

    scenario.project.editConfig((config) => {
      config.setIn(['deployments', 'hello_world', 'parameters', 'name'], 'arthur');
      config.setIn(
        [...helloPath, 'schedules'],
        [{ cron: '30 8 * * 1-5', timezone: 'Europe/London', slug: 'morning' }],
      );
    });
    const run = await deploy(scenario);

    const outcome = run.result.outcomes.find((each) => each.name === name)!;
    expect(outcome.status).toBe('updated');
    const item = run.result.plan.items.find((each) => each.name === name)!;
    expect(item.changes.map((change) => change.field).sort()).toEqual(['parameters', 'schedules']);
    for (const other of run.result.outcomes.filter((each) => each.name !== name))
      expect(other.status).toBe('unchanged');

    const after = await server.rest.readDeployment(first.id);
    expect(after.parameters).toEqual({ name: 'arthur' });
    expect(after.schedules).toHaveLength(1);
    expect(after.schedules[0]).toMatchObject({
      ...(slugs ? { id: firstIds.morning, slug: 'morning' } : {}),
      active: true,
      schedule: { cron: '30 8 * * 1-5', timezone: 'Europe/London' },
    });
  });

  it('deploying schedules of every kind again is unchanged (no schedule churn)', async () => {
    const scenario = newScenario(server.url, 'settle');
    scenario.project.editConfig((config) => {
      config.setIn(
        ['environments', 'dev', 'deployments', 'hello_world', 'schedules'],
        [
          { cron: '0 7 * * *' },
          { interval: 3600 },
          { rrule: 'FREQ=WEEKLY;BYDAY=MO,WE' },
          { cron: '0 9 * * 1', timezone: 'America/New_York', active: false },
        ],
      );
    });
    await deploy(scenario);
    const name = expectedName(scenario.branch, 'hello_world', 'dev');
    const before = (await server.rest.branchDeployments(scenario.branch)).get(name)!;

    expect(before.schedules).toHaveLength(4);

    const again = await deploy(scenario);

    const changed = again.result.plan.items.filter((item) => item.changes.length > 0);
    expect(changed.map((item) => [item.name, item.changes])).toEqual([]);
    expect(again.result.outcomes.every((outcome) => outcome.status === 'unchanged')).toBe(true);
    const after = await server.rest.readDeployment(before.id);
    expect(after.schedules.map((s) => s.id).sort()).toEqual(before.schedules.map((s) => s.id).sort());
  });
});

describe('dry run', () => {
  it('plans without writing and writes a prefect.yaml-style manifest', async () => {
    const scenario = newScenario(server.url, 'dry');
    const flows = await deployableFlows(scenario);

    const run = await deploy(scenario, { 'dry-run': true, manifest: 'out/prefect.yaml' });

    expect(run.result.outcomes.map((outcome) => outcome.status)).toEqual(flows.map(() => 'planned'));
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(0);
    if (server.fake) {
      const writes = server.fake.requests.filter(
        (request) => request.method !== 'GET' && !request.path.endsWith('/filter'),
      );
      expect(writes).toEqual([]);
    }

    expect(run.manifestPath).toBe(scenario.project.workspace + '/out/prefect.yaml');
    const manifest = parseYaml(readFileSync(run.manifestPath!, 'utf8')) as {
      name: string;
      deployments: { name: string; entrypoint: string; version: string; work_pool: { name: string } }[];
    };
    expect(manifest.name).toBe(EXAMPLE_PROJECT);
    expect(manifest.deployments.map((entry) => entry.name).sort()).toEqual(
      flows.map((flow) => expectedName(scenario.branch, flow.name, 'dev')).sort(),
    );
    for (const entry of manifest.deployments) {
      expect(entry.version).toBe(`${scenario.branch}-${scenario.commit}`);
      expect(entry.work_pool.name).toBe('local-pool');
    }
  });

  it('keeps secret values out of the manifest and the others in', async () => {
    const scenario = newScenario(server.url, 'drysecret');
    scenario.project.editConfig((config) => {
      config.setIn(['environments', 'dev', 'env', 'DB_PASSWORD'], '${DB_PASSWORD}');
    });

    const run = await deploy(
      scenario,
      { 'dry-run': true, manifest: 'out/prefect.yaml', 'env-vars': 'API_TOKEN=tok-123456\nREGION=eu' },
      undefined,
      { DB_PASSWORD: 'hunter2-secret' },
    );

    const text = readFileSync(run.manifestPath!, 'utf8');
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('tok-123456');
    const manifest = parseYaml(text) as {
      deployments: { work_pool: { job_variables: { env: Record<string, string> } } }[];
    };
    const env = manifest.deployments[0]!.work_pool.job_variables.env;
    expect(env.DB_PASSWORD).toBe('<secret: set at deploy time>');
    expect(env.API_TOKEN).toBe('<secret: set at deploy time>');
    expect(env.LOG_LEVEL).toBe('DEBUG');
    // The header says what the file holds and that the placeholders must be replaced.
    const header = text.split('\n').filter((line) => line.startsWith('#'));
    expect(header.join('\n')).toContain('The deployments of this run as planned');
    const body = text
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n');
    const placeholders = body.split('<secret: set at deploy time>').length - 1;
    expect(header.join('\n')).toContain(
      `${placeholders} environment variable values came from secrets and read "<secret: set at deploy time>":`,
    );
    expect(header.join('\n')).toContain('replace each with the real value before deploying from this file');
    expect(header.join('\n')).not.toMatch(/secrets .* are included/);
  });

  it('after a deploy, shows unchanged deployments as unchanged and changed ones as planned', async () => {
    const scenario = newScenario(server.url, 'dryafter');
    await deploy(scenario);
    scenario.project.editConfig((config) => {
      config.setIn(['deployments', 'hello_world', 'parameters', 'name'], 'trillian');
    });
    server.fake?.resetRequests();

    const run = await deploy(scenario, { 'dry-run': true });

    const hello = expectedName(scenario.branch, 'hello_world', 'dev');
    for (const outcome of run.result.outcomes) {
      expect(outcome.status).toBe(outcome.name === hello ? 'planned' : 'unchanged');
    }
    const current = (await server.rest.branchDeployments(scenario.branch)).get(hello)!;
    expect(current.parameters).toEqual({ name: 'marvin' });
    if (server.fake) {
      expect(server.fake.requests.filter((r) => r.method === 'PATCH' || r.path === '/deployments/')).toEqual(
        [],
      );
    }
  });
});

describe('a subset of flows', () => {
  it('`flows: hello_world` deploys only that flow', async () => {
    const scenario = newScenario(server.url, 'subset');

    const run = await deploy(scenario, { flows: ['hello_world'] });

    const name = expectedName(scenario.branch, 'hello_world', 'dev');
    expect(run.result.outcomes.map((outcome) => [outcome.name, outcome.status])).toEqual([[name, 'created']]);
    expect([...(await server.rest.branchDeployments(scenario.branch)).keys()]).toEqual([name]);
  });

  it('an unknown flow name fails before anything is written and suggests the closest name', async () => {
    const scenario = newScenario(server.url, 'typo');

    const error = await failureOf(deploy(scenario, { flows: ['helo_world'] }));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain('"helo_world"');
    expect(error.message).toContain('did you mean "hello_world"');
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(0);
  });
});

describe('prune', () => {
  it("deletes exactly the removed flow's deployment in this env and branch", async () => {
    const scenario = newScenario(server.url, 'prune');
    const { flow: victim, file } = await loneFlow(scenario);
    // Neighbours whose names share parts with the pruned one: another env, another branch, another project.
    await deploy(scenario, { env: 'dev' });
    await deploy(scenario, { env: 'tst' });
    await deploy({ ...scenario, branch: `${scenario.branch}-2` }, { env: 'dev' });
    await deploy(scenario, { env: 'dev', 'project-name': `${EXAMPLE_PROJECT}-2` });
    const before = await server.rest.deploymentsLike(scenario.branch);

    scenario.project.remove(file);
    const run = await deploy(scenario, { env: 'dev', prune: true });

    const pruned = expectedName(scenario.branch, victim.name, 'dev');
    const deleted = run.result.outcomes.filter((outcome) => outcome.status === 'deleted');
    expect(deleted.map((outcome) => outcome.name)).toEqual([pruned]);
    const after = await server.rest.deploymentsLike(scenario.branch);
    expect([...before.keys()].filter((name) => !after.has(name))).toEqual([pruned]);
    expect(after.has(expectedName(scenario.branch, victim.name, 'tst'))).toBe(true);
    expect(after.has(expectedName(`${scenario.branch}-2`, victim.name, 'dev'))).toBe(true);
    expect(after.has(expectedName(scenario.branch, victim.name, 'dev', `${EXAMPLE_PROJECT}-2`))).toBe(true);
  });

  it('without prune, a removed flow keeps its deployment', async () => {
    const scenario = newScenario(server.url, 'noprune');
    const { flow: victim, file } = await loneFlow(scenario);
    await deploy(scenario);
    scenario.project.remove(file);

    const run = await deploy(scenario);

    expect(run.result.outcomes.some((outcome) => outcome.status === 'deleted')).toBe(false);
    expect(
      (await server.rest.branchDeployments(scenario.branch)).has(
        expectedName(scenario.branch, victim.name, 'dev'),
      ),
    ).toBe(true);
  });
});
