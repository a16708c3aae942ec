// Promoting the examples dev -> tst -> prod: the tested code version travels unchanged, only what
// belongs to the target environment changes; stale, backwards and untrustworthy promotions are refused.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConfigurationError, NotFoundError, RefusedError, type PortalError } from '@portal-actions/core';
import { promoteSummary } from '../../../actions/promote/src/promote-summary.js';
import {
  deploy,
  EXAMPLE_PROJECT,
  expectedName,
  failureOf,
  findFlows,
  newScenario,
  promote,
  type Scenario,
} from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import type { ServerDeploymentView } from '../prefect-rest.js';
import { prefectUnderTest, randomCommit, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

/** What makes up the code version: must be identical in every environment it was promoted to. */
function codeVersion(deployment: ServerDeploymentView) {
  return {
    image: deployment.job_variables.image,
    entrypoint: deployment.entrypoint,
    path: deployment.path,
    pull_steps: deployment.pull_steps,
    version: deployment.version,
    parameter_openapi_schema: deployment.parameter_openapi_schema,
    versionTags: deployment.tags
      .filter((tag) => /^(PROJECT_NAME|BRANCH_NAME|COMMIT_HASH|PACKAGE_VERSION)=/.test(tag))
      .sort(),
  };
}

function inEnv(deployments: Map<string, ServerDeploymentView>, env: string): ServerDeploymentView[] {
  return [...deployments.values()].filter((deployment) => deployment.name.endsWith(`--${env}`));
}

function flowOf(name: string): string {
  return name.split('--')[2]!.replace(/-/g, '_');
}

async function commitIn(scenario: Scenario, env: string): Promise<string[]> {
  const deployments = inEnv(await server.rest.branchDeployments(scenario.branch), env);
  return [
    ...new Set(deployments.map((d) => d.tags.find((tag) => tag.startsWith('COMMIT_HASH=')))),
  ] as string[];
}

describe('dev -> tst -> prod', () => {
  it("carries the code version and applies each target environment's own settings", async () => {
    const scenario = newScenario(server.url, 'promote');
    await deploy(scenario);

    const toTst = await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' });
    const toProd = await promote(scenario, { 'source-env': 'tst', 'target-env': 'prod' });

    const all = await server.rest.branchDeployments(scenario.branch);
    const dev = inEnv(all, 'dev');
    expect(dev.length).toBeGreaterThan(0);
    for (const [env, run, logLevel] of [
      ['tst', toTst, 'INFO'],
      ['prod', toProd, 'WARNING'],
    ] as const) {
      expect(
        run.result.outcomes.map((outcome) => [
          outcome.name,
          outcome.status,
          outcome.from_commit,
          outcome.to_commit,
        ]),
      ).toEqual(
        dev
          .map((source) => [
            expectedName(scenario.branch, flowOf(source.name), env),
            'created',
            null,
            scenario.commit,
          ])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      for (const source of dev) {
        const name = expectedName(scenario.branch, flowOf(source.name), env);
        const target = all.get(name);
        expect(target).toBeDefined();
        expect(codeVersion(target!)).toEqual(codeVersion(source));
        expect(target!.job_variables.env).toEqual({ LOG_LEVEL: logLevel, DEPLOYMENT_NAME: name });
        expect(target!.parameters).toEqual(source.parameters);
        expect(target!.work_pool_name).toBe('local-pool');
      }
    }
    // The examples' config schedules hello_world in prod only.
    const helloProd = all.get(expectedName(scenario.branch, 'hello_world', 'prod'))!;
    expect(helloProd.schedules.map((s) => [s.schedule.cron, s.schedule.timezone, s.active])).toEqual([
      ['0 6 * * 1-5', 'Europe/London', true],
    ]);
    expect(all.get(expectedName(scenario.branch, 'hello_world', 'tst'))!.schedules).toEqual([]);

    const outcome = toProd.result.outcomes.find((each) => each.flow_name === 'hello_world')!;
    expect(outcome.source).toBe(expectedName(scenario.branch, 'hello_world', 'tst'));
    expect(outcome.url).toContain(helloProd.id);
    expect(outcome.package_version).toBe(scenario.project.packageVersion());
    const summary = promoteSummary(toProd.result, {
      project: toProd.project,
      branch: toProd.branch,
      sourceEnv: 'tst',
      targetEnv: 'prod',
      dryRun: false,
      expectedCommit: null,
    });
    expect(summary).toContain('tst → prod');
    expect(summary).toContain(`— → \`${scenario.commit.slice(0, 12)}\``);
    expect(summary).toContain(`[\`${outcome.name}\`](${outcome.url})`);
  });

  it('promoting again changes nothing', async () => {
    const scenario = newScenario(server.url, 'repromote');
    await deploy(scenario);
    await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' });
    const before = inEnv(await server.rest.branchDeployments(scenario.branch), 'prod');

    const again = await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' });

    expect(again.result.outcomes.length).toBe(before.length);
    for (const outcome of again.result.outcomes) {
      expect(outcome).toMatchObject({
        status: 'unchanged',
        from_commit: scenario.commit,
        to_commit: scenario.commit,
      });
    }
    const after = inEnv(await server.rest.branchDeployments(scenario.branch), 'prod');
    expect(after.map((d) => [d.name, d.id, d.schedules.map((s) => s.id)])).toEqual(
      before.map((d) => [d.name, d.id, d.schedules.map((s) => s.id)]),
    );
  });

  it('promoting a deployment with cron and interval schedules again changes nothing', async () => {
    const scenario = newScenario(server.url, 'schedules');
    scenario.project.editConfig((config) => {
      config.setIn(
        ['deployments', 'hello_world', 'schedules'],
        [
          { cron: '0 7 * * *' },
          { interval: 3600 },
          { cron: '0 9 * * 1', timezone: 'America/New_York', active: false },
        ],
      );
    });
    await deploy(scenario, { flows: ['hello_world'] });
    await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' });
    const name = expectedName(scenario.branch, 'hello_world', 'tst');
    const before = (await server.rest.branchDeployments(scenario.branch)).get(name)!;
    expect(before.schedules).toHaveLength(3);

    const again = await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' });

    expect(again.result.plan.items.map((item) => [item.name, item.action, item.changes])).toEqual([
      [name, 'unchanged', []],
    ]);
    const after = await server.rest.readDeployment(before.id);
    expect(after.schedules.map((s) => s.id).sort()).toEqual(before.schedules.map((s) => s.id).sort());
  });

  it('keeps the image the source was deployed with', async () => {
    const scenario = newScenario(server.url, 'image');
    await server.rest.createWorkPool('e2e-docker-pool', 'docker');
    scenario.project.editConfig((config) => {
      config.setIn(['defaults', 'work_pool'], 'e2e-docker-pool');
    });
    const image = `ghcr.io/acme/example:${scenario.commit.slice(0, 8)}`;
    await deploy(scenario, { image });

    await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod', flows: ['hello_world'] });

    const all = await server.rest.branchDeployments(scenario.branch);
    expect(all.get(expectedName(scenario.branch, 'hello_world', 'dev'))!.job_variables.image).toBe(image);
    expect(all.get(expectedName(scenario.branch, 'hello_world', 'prod'))!.job_variables.image).toBe(image);
  });
});

describe('a new commit in dev', () => {
  it('is refused when the promotion was approved for the old commit; promoted without a pin', async () => {
    const scenario = newScenario(server.url, 'pinned');
    const oldCommit = scenario.commit;
    await deploy(scenario);
    await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' });
    const newCommit = randomCommit();
    await deploy({ ...scenario, commit: newCommit });
    const tstBefore = inEnv(await server.rest.branchDeployments(scenario.branch), 'tst');

    const error = await failureOf(
      promote(scenario, { 'source-env': 'dev', 'target-env': 'tst', 'expected-commit': oldCommit }),
    );

    expect(error).toBeInstanceOf(RefusedError);
    expect(error.message).toContain('Nothing was promoted');
    expect(error.message).toContain(`is at commit ${newCommit}, not ${oldCommit}`);
    expect(inEnv(await server.rest.branchDeployments(scenario.branch), 'tst')).toEqual(tstBefore);

    const run = await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' });

    expect(run.result.outcomes.length).toBe(tstBefore.length);
    for (const outcome of run.result.outcomes) {
      expect(outcome).toMatchObject({ status: 'updated', from_commit: oldCommit, to_commit: newCommit });
    }
    expect(await commitIn(scenario, 'tst')).toEqual([`COMMIT_HASH=${newCommit}`]);
  });

  it('a pin on the current commit (short form) is promoted', async () => {
    const scenario = newScenario(server.url, 'pinok');
    await deploy(scenario);

    const run = await promote(scenario, {
      'source-env': 'dev',
      'target-env': 'tst',
      'expected-commit': scenario.commit.slice(0, 10),
    });

    expect(run.result.outcomes.every((outcome) => outcome.status === 'created')).toBe(true);
  });
});

describe('a subset of flows', () => {
  it('`flows: hello_world` promotes only that flow', async () => {
    const scenario = newScenario(server.url, 'subset');
    await deploy(scenario);

    const run = await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst', flows: ['hello_world'] });

    const name = expectedName(scenario.branch, 'hello_world', 'tst');
    expect(run.result.outcomes.map((outcome) => [outcome.name, outcome.status])).toEqual([[name, 'created']]);
    expect(inEnv(await server.rest.branchDeployments(scenario.branch), 'tst').map((d) => d.name)).toEqual([
      name,
    ]);
  });
});

describe('rollback', () => {
  it('prod -> dev is refused unless allow-backwards is set, and then restores the prod commit', async () => {
    const scenario = newScenario(server.url, 'rollback');
    await deploy(scenario);
    await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' });
    const newCommit = randomCommit();
    await deploy({ ...scenario, commit: newCommit });

    const error = await failureOf(promote(scenario, { 'source-env': 'prod', 'target-env': 'dev' }));

    expect(error).toBeInstanceOf(RefusedError);
    expect(error.message).toContain('"dev" comes before "prod"');
    expect((error as PortalError).hint).toContain('allow-backwards: true');
    expect(await commitIn(scenario, 'dev')).toEqual([`COMMIT_HASH=${newCommit}`]);

    const run = await promote(scenario, {
      'source-env': 'prod',
      'target-env': 'dev',
      'allow-backwards': true,
    });

    for (const outcome of run.result.outcomes) {
      expect(outcome).toMatchObject({
        status: 'updated',
        from_commit: newCommit,
        to_commit: scenario.commit,
      });
    }
    expect(await commitIn(scenario, 'dev')).toEqual([`COMMIT_HASH=${scenario.commit}`]);
    const devHello = (await server.rest.branchDeployments(scenario.branch)).get(
      expectedName(scenario.branch, 'hello_world', 'dev'),
    )!;
    // Back in dev, it is dev's deployment again: dev's variables, no prod schedule.
    expect(devHello.job_variables.env).toEqual({
      LOG_LEVEL: 'DEBUG',
      DEPLOYMENT_NAME: expectedName(scenario.branch, 'hello_world', 'dev'),
    });
  });
});

describe('refusals', () => {
  it('source and target the same', async () => {
    const scenario = newScenario(server.url, 'same');
    await deploy(scenario);

    const error = await failureOf(promote(scenario, { 'source-env': 'dev', 'target-env': 'dev' }));

    expect(error).toBeInstanceOf(RefusedError);
    expect(error.message).toContain('both "dev"');
  });

  it('an environment the config does not define', async () => {
    const scenario = newScenario(server.url, 'unknownenv');
    await deploy(scenario);

    const error = await failureOf(promote(scenario, { 'source-env': 'dev', 'target-env': 'prd' }));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('"prd"');
    expect(error.message).toContain('dev, tst, prod');
    expect(error.message).toContain('Did you mean "prod"?');
    expect(inEnv(await server.rest.branchDeployments(scenario.branch), 'prd')).toEqual([]);
  });

  it('a flow without a source deployment: lists what is deployed there, writes nothing', async () => {
    const scenario = newScenario(server.url, 'nosource');
    const other = (await findFlows(scenario)).flows.find(
      (flow) => flow.deployable && flow.name !== 'hello_world',
    )!;
    const deployed = await deploy(scenario, { flows: ['hello_world'] });
    expect(deployed.result.outcomes).toHaveLength(1);

    const error = await failureOf(
      promote(scenario, { 'source-env': 'dev', 'target-env': 'tst', flows: ['hello_world', other.name] }),
    );

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(`No deployment in "dev" for flow "${other.name}"`);
    expect((error as PortalError).hint).toContain('Deployed in "dev": hello_world');
    expect(inEnv(await server.rest.branchDeployments(scenario.branch), 'tst')).toEqual([]);
  });

  it('nothing deployed in the source environment at all', async () => {
    const scenario = newScenario(server.url, 'empty');

    const error = await failureOf(promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' }));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(
      `No deployments in environment "dev" for project "${EXAMPLE_PROJECT}", branch "${scenario.branch}"`,
    );
  });

  it('a source deployment without version tags (not written by deploy): refused, nothing written', async () => {
    const scenario = newScenario(server.url, 'untagged');
    const flowId = await server.rest.createFlow('hello_world');
    const source = expectedName(scenario.branch, 'hello_world', 'dev');
    await server.rest.createDeployment({
      name: source,
      flow_id: flowId,
      entrypoint: 'flows/hello_world.py:hello_world',
      work_pool_name: 'local-pool',
      tags: ['example', `PROJECT_NAME=${EXAMPLE_PROJECT}`],
    });

    const error = await failureOf(promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' }));

    expect(error).toBeInstanceOf(RefusedError);
    expect(error.message).toContain(`${source} has no COMMIT_HASH or PACKAGE_VERSION tag`);
    expect((error as PortalError).hint).toContain('Redeploy the source');
    expect(inEnv(await server.rest.branchDeployments(scenario.branch), 'tst')).toEqual([]);
  });
});

describe('dry run', () => {
  it('plans the promotion and writes nothing', async () => {
    const scenario = newScenario(server.url, 'dryrun');
    await deploy(scenario);

    const run = await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod', 'dry-run': true });

    expect(run.result.outcomes.length).toBeGreaterThan(0);
    for (const outcome of run.result.outcomes) {
      expect(outcome).toMatchObject({ status: 'planned', from_commit: null, to_commit: scenario.commit });
    }
    expect(inEnv(await server.rest.branchDeployments(scenario.branch), 'prod')).toEqual([]);
  });
});
