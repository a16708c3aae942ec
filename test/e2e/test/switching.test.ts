// The switch to acme-portal end to end: variant deployments left under the old variant naming are
// renamed (plan first) by deploy and promote and read right by the portal view and the branch
// cleanup; deployments of our flows outside our naming are warned about with their schedule
// state; `cleanup --deployments` removes exactly the named ones.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  InputError,
  NotFoundError,
  planCommentBody,
  RefusedError,
  type DeployResult,
} from '@portal-actions/core';
import { cleanupSummary } from '../../../actions/cleanup/src/cleanup-summary.js';
import { deletedOutput } from '../../../actions/cleanup/src/cleanup.js';
import { deploySummary } from '../../../actions/deploy/src/deploy-summary.js';
import {
  cleanup,
  deploy,
  EXAMPLE_PROJECT,
  failureOf,
  findFlows,
  newScenario,
  promote,
  recordingProgress,
  reviewedDeploy,
  type Scenario,
} from '../action-run.js';
import { gitCommitAll, runCli } from '../cli-process.js';
import { removeExampleCopies } from '../example-project.js';
import { EXAMPLE_POOL, itOnFake, prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';
import type { ServerDeploymentView } from '../prefect-rest.js';

let server: PrefectUnderTest;
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

const newName = (scenario: Scenario, variant: string, env: string) =>
  `${EXAMPLE_PROJECT}--${scenario.branch}--${variant}--hello-world--${env}`;
const oldName = (scenario: Scenario, variant: string, env: string) =>
  `${EXAMPLE_PROJECT}--${scenario.branch}--hello-world--${variant}--${env}`;

function withVariants(scenario: Scenario): void {
  scenario.project.editConfig((config) => {
    config.setIn(['deployments', 'hello_world', 'variants'], {
      eu: { parameters: { name: 'europe' } },
      us: { parameters: { name: 'americas' } },
    });
  });
}

/** What an earlier release wrote: each variant deployment of `env` under the old name (and its DEPLOYMENT_NAME). */
async function backToOldNames(scenario: Scenario, env: string): Promise<void> {
  for (const variant of ['eu', 'us']) {
    const current = (await server.rest.deploymentsLike(newName(scenario, variant, env))).get(
      newName(scenario, variant, env),
    )!;
    const old = oldName(scenario, variant, env);
    await server.rest.createDeployment({
      flow_id: current.flow_id,
      name: old,
      version: current.version,
      description: current.description,
      tags: current.tags,
      entrypoint: current.entrypoint,
      path: current.path,
      pull_steps: current.pull_steps,
      job_variables: {
        ...current.job_variables,
        env: { ...current.job_variables.env, DEPLOYMENT_NAME: old },
      },
      parameters: current.parameters,
      parameter_openapi_schema: current.parameter_openapi_schema,
      work_pool_name: current.work_pool_name,
    });
    await server.rest.deleteDeployment(current.id);
  }
}

/** A dry run's job summary and plan comment, as the deploy entry writes them. */
function summaryOf(run: { result: DeployResult }, scenario: Scenario): string {
  return deploySummary(run.result, {
    env: 'dev',
    project: EXAMPLE_PROJECT,
    branch: scenario.branch,
    commit: scenario.commit,
    packageVersion: '1.0.0',
    dryRun: true,
    manifestPath: null,
  });
}

function commentOf(run: { result: DeployResult }, scenario: Scenario): string {
  return planCommentBody(run.result.plan, {
    project: EXAMPLE_PROJECT,
    env: 'dev',
    configFile: '.acme-portal.yml',
    branch: scenario.branch,
    commit: scenario.commit,
    runUrl: null,
  });
}

async function branchNames(scenario: Scenario): Promise<string[]> {
  return [...(await server.rest.branchDeployments(scenario.branch)).keys()].sort();
}

describe('variant deployments under the old naming', () => {
  it('are renamed by deploy: planned old → new, written new then old deleted, then unchanged', async () => {
    const scenario = newScenario(server.url, 'switch-rename');
    withVariants(scenario);
    await deploy(scenario, { flows: ['hello_world'] });
    await backToOldNames(scenario, 'dev');
    const before = await branchNames(scenario);
    expect(before).toEqual([oldName(scenario, 'eu', 'dev'), oldName(scenario, 'us', 'dev')]);

    // The plan first (with prune: a deployment to rename is never pruned).
    const plan = await deploy(scenario, { flows: ['hello_world'], 'dry-run': true, prune: true });
    expect(
      plan.result.plan.items.map((item) => [item.name, item.action, item.renameFrom?.name, item.variant]),
    ).toEqual([
      [newName(scenario, 'eu', 'dev'), 'rename', oldName(scenario, 'eu', 'dev'), 'eu'],
      [newName(scenario, 'us', 'dev'), 'rename', oldName(scenario, 'us', 'dev'), 'us'],
    ]);
    expect(plan.result.outcomes.map((outcome) => [outcome.status, outcome.renamed_from])).toEqual([
      ['planned', oldName(scenario, 'eu', 'dev')],
      ['planned', oldName(scenario, 'us', 'dev')],
    ]);
    const summary = summaryOf(plan, scenario);
    expect(summary).toContain(`renamed from ${oldName(scenario, 'eu', 'dev')} (old variant naming)`);
    const comment = commentOf(plan, scenario);
    expect(comment).toContain('2 to rename');
    expect(comment).toContain(`🔀 rename | from \`${oldName(scenario, 'us', 'dev')}\` (old variant naming)`);
    expect(await branchNames(scenario)).toEqual(before);

    const applied = await deploy(scenario, { flows: ['hello_world'], prune: true });
    expect(applied.result.outcomes.map((outcome) => [outcome.name, outcome.status, outcome.error])).toEqual([
      [newName(scenario, 'eu', 'dev'), 'renamed', null],
      [newName(scenario, 'us', 'dev'), 'renamed', null],
    ]);
    const after = await server.rest.branchDeployments(scenario.branch);
    expect([...after.keys()].sort()).toEqual([
      newName(scenario, 'eu', 'dev'),
      newName(scenario, 'us', 'dev'),
    ]);
    const eu = after.get(newName(scenario, 'eu', 'dev'))!;
    expect(eu.job_variables.env!.DEPLOYMENT_NAME).toBe(newName(scenario, 'eu', 'dev'));
    expect(eu.parameters).toEqual({ name: 'europe' });
    expect(eu.tags).toContain('VARIANT=eu');

    const again = await deploy(scenario, { flows: ['hello_world'], prune: true });
    expect(again.result.outcomes.map((outcome) => outcome.status)).toEqual(['unchanged', 'unchanged']);
  });

  it('finishes a rename whose old deployment survived: the new one is kept, the old one deleted', async () => {
    const scenario = newScenario(server.url, 'switch-half');
    withVariants(scenario);
    await deploy(scenario, { flows: ['hello_world'] });
    // Both names on the server, as after a deletion that failed.
    const eu = (await server.rest.branchDeployments(scenario.branch)).get(newName(scenario, 'eu', 'dev'))!;
    await server.rest.createDeployment(copyUnder(eu, oldName(scenario, 'eu', 'dev')));

    const run = await deploy(scenario, { flows: ['hello_world'] });
    expect(run.result.plan.items.map((item) => [item.name, item.action, item.existing?.id])).toEqual([
      [newName(scenario, 'eu', 'dev'), 'rename', eu.id],
      [newName(scenario, 'us', 'dev'), 'unchanged', expect.any(String)],
    ]);
    expect(run.result.outcomes[0]).toMatchObject({ status: 'renamed', id: eu.id });
    expect(await branchNames(scenario)).toEqual([
      newName(scenario, 'eu', 'dev'),
      newName(scenario, 'us', 'dev'),
    ]);
  });

  it('are renamed by promote in the target environment', async () => {
    const scenario = newScenario(server.url, 'switch-promote');
    withVariants(scenario);
    await deploy(scenario, { flows: ['hello_world'] });
    await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' });
    await backToOldNames(scenario, 'tst');
    // The source under old names too: promote still reads it as its flow and variant.
    await backToOldNames(scenario, 'dev');

    const run = await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' });
    expect(
      run.result.outcomes.map((outcome) => [
        outcome.name,
        outcome.variant,
        outcome.status,
        outcome.renamed_from,
      ]),
    ).toEqual([
      [newName(scenario, 'eu', 'tst'), 'eu', 'renamed', oldName(scenario, 'eu', 'tst')],
      [newName(scenario, 'us', 'tst'), 'us', 'renamed', oldName(scenario, 'us', 'tst')],
    ]);
    const names = await branchNames(scenario);
    expect(names.filter((name) => name.endsWith('--tst'))).toEqual([
      newName(scenario, 'eu', 'tst'),
      newName(scenario, 'us', 'tst'),
    ]);
  });

  it('are read as their flow and variant by the portal view and the branch cleanup', async () => {
    const scenario = newScenario(server.url, 'switch-view');
    withVariants(scenario);
    await deploy(scenario, { flows: ['hello_world'] });
    await backToOldNames(scenario, 'dev');

    const view = await findFlows(scenario, { 'with-deployments': true, branch: scenario.branch });
    const hello = view.flows.find((flow) => flow.name === 'hello_world')!;
    expect(hello.deployments!.dev!.map((deployment) => [deployment.name, deployment.variant])).toEqual([
      [oldName(scenario, 'eu', 'dev'), 'eu'],
      [oldName(scenario, 'us', 'dev'), 'us'],
    ]);

    const planned = await cleanup(scenario, { branch: [scenario.branch], 'dry-run': true });
    expect(planned.result.plan.map((item) => [item.name, item.flow, item.env])).toEqual([
      [oldName(scenario, 'eu', 'dev'), 'hello-world', 'dev'],
      [oldName(scenario, 'us', 'dev'), 'hello-world', 'dev'],
    ]);
  });
});

function copyUnder(deployment: ServerDeploymentView, name: string): Record<string, unknown> {
  return {
    flow_id: deployment.flow_id,
    name,
    tags: deployment.tags,
    entrypoint: deployment.entrypoint,
    path: deployment.path,
    pull_steps: deployment.pull_steps,
    job_variables: deployment.job_variables,
    parameters: deployment.parameters,
    work_pool_name: deployment.work_pool_name,
  };
}

/**
 * What a team arrives with: deployments of hello_world made by `prefect deploy` (under Prefect's
 * default flow name `hello-world`) and by hand (under ours). Named after the scenario's branch, so
 * a shared server's other deployments never count and its cleanup removes them.
 */
async function oldDeployments(scenario: Scenario) {
  const prefectDefault = await server.rest.createFlow('hello-world');
  const ours = await server.rest.createFlow('hello_world');
  const base = { entrypoint: 'flows/hello.py:hello_world', work_pool_name: EXAMPLE_POOL };
  const daily = `old--${scenario.branch}--daily`;
  const paused = `old--${scenario.branch}--paused`;
  const adhoc = `old--${scenario.branch}--adhoc`;
  await server.rest.createDeployment({
    ...base,
    flow_id: prefectDefault,
    name: daily,
    schedules: [{ schedule: { cron: '0 6 * * *', timezone: 'UTC' }, active: true }],
  });
  await server.rest.createDeployment({
    ...base,
    flow_id: prefectDefault,
    name: paused,
    paused: true,
    schedules: [{ schedule: { interval: 3600 }, active: true }],
  });
  await server.rest.createDeployment({ ...base, flow_id: ours, name: adhoc });
  return { daily: `hello-world/${daily}`, paused: `hello-world/${paused}`, adhoc: `hello_world/${adhoc}` };
}

describe('deployments of our flows outside our naming', () => {
  it('are warned about per flow, with their schedule state, in the log, the summary and the plan comment', async () => {
    const scenario = newScenario(server.url, 'switch-warn');
    const old = await oldDeployments(scenario);
    const progress = recordingProgress();
    const run = await reviewedDeploy(scenario, { flows: ['hello_world'], 'dry-run': true }, {}, progress);

    const group = run.result.plan.unmanaged!.find((each) => each.flow === 'hello_world')!;
    const mine = group.deployments.filter((deployment) => deployment.name.includes(scenario.branch));
    expect(mine.map((deployment) => [deployment.fullName, deployment.schedule])).toEqual(
      [
        [old.daily, 'active'],
        [old.paused, 'paused'],
        [old.adhoc, 'none'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    const warning = progress.warnings.find((each) => each.message.startsWith('flow hello_world also has'))!;
    expect(warning.message).toContain(`${old.daily} (schedule active)`);
    expect(warning.message).toContain(`${old.paused} (schedule paused)`);
    expect(warning.message).toContain(`${old.adhoc} (no schedule)`);
    expect(warning.message).toContain('runs will double yours; remove them or pause them');
    expect(warning.message).toContain(`acme-portal cleanup --deployments '`);

    const summary = summaryOf(run, scenario);
    expect(summary).toContain('### Other deployments of these flows');
    expect(summary).toContain(`[\`${old.daily}\`]`);
    expect(summary).toContain('⚠️ schedule active: runs double yours');
    const comment = commentOf(run, scenario);
    expect(comment).toContain('#### Other deployments of these flows');
    expect(comment).toContain(old.adhoc);

    // The deploy itself warns the same way, and writes only its own deployment.
    const applied = recordingProgress();
    const written = await deploy(scenario, { flows: ['hello_world'] }, applied);
    expect(written.result.outcomes.map((outcome) => outcome.status)).toEqual(['created']);
    expect(applied.warnings.some((each) => each.message.startsWith('flow hello_world also has'))).toBe(true);
  });

  itOnFake('are read in two requests whatever the number of flows, never one per flow', async () => {
    const scenario = newScenario(server.url, 'switch-requests');
    await oldDeployments(scenario);
    server.fake!.resetRequests();
    const run = await deploy(scenario, { 'dry-run': true });
    expect(run.result.outcomes.length).toBeGreaterThan(3);
    const byFlowName = server.fake!.requests.filter(
      (request) =>
        request.path === '/deployments/filter' &&
        (request.body as { flows?: unknown } | undefined)?.flows !== undefined,
    );
    expect(byFlowName).toHaveLength(1);
    const flowNames = server.fake!.requests.filter((request) => request.path === '/flows/filter');
    expect(flowNames).toHaveLength(1);
  });

  it('say nothing when there are none', async () => {
    const scenario = newScenario(server.url, 'switch-quiet');
    const progress = recordingProgress();
    const run = await deploy(scenario, { flows: ['hello_world'], 'dry-run': true }, progress);
    const mine = (run.result.plan.unmanaged ?? []).flatMap((group) =>
      group.deployments.filter((deployment) => deployment.name.includes(scenario.branch)),
    );
    expect(mine).toEqual([]);
  });
});

describe('cleanup --deployments', () => {
  it('plans, honours max-deletes, then deletes exactly the named deployments', async () => {
    const scenario = newScenario(server.url, 'switch-cleanup');
    const old = await oldDeployments(scenario);
    await deploy(scenario, { flows: ['hello_world'] });
    const before = await branchNames(scenario);
    const named = [old.daily, old.adhoc];

    const planned = await cleanup(scenario, { deployments: named, 'dry-run': true });
    expect(planned.result.plan.map((item) => [item.name, item.flow, item.branch, item.env])).toEqual([
      [old.adhoc, 'hello_world', null, null],
      [old.daily, 'hello-world', null, null],
    ]);
    expect(planned.result.outcomes.map((outcome) => outcome.status)).toEqual(['planned', 'planned']);
    expect(cleanupSummary(planned, true)).toContain('the named deployments outside acme-portal naming');
    expect(await branchNames(scenario)).toEqual(before);

    const ceiling = await cleanup(scenario, { deployments: named, 'max-deletes': 1 });
    expect(ceiling.result.refused).toMatch(/2 deployments would be deleted, more than max-deletes \(1\)/);
    expect(deletedOutput(ceiling.result)).toEqual([]);
    expect(await branchNames(scenario)).toEqual(before);

    const done = await cleanup(scenario, { deployments: named });
    expect(deletedOutput(done.result).map((entry) => [entry.name, entry.status])).toEqual([
      [old.adhoc, 'deleted'],
      [old.daily, 'deleted'],
    ]);
    const ours = `${EXAMPLE_PROJECT}--${scenario.branch}--hello-world--dev`;
    expect(await branchNames(scenario)).toEqual([ours, `old--${scenario.branch}--paused`].sort());

    // The next deploy warns only about the one left.
    const progress = recordingProgress();
    await deploy(scenario, { flows: ['hello_world'], 'dry-run': true }, progress);
    const warning = progress.warnings.find((each) => each.message.startsWith('flow hello_world also has'))!;
    expect(warning.message).toContain(old.paused);
    expect(warning.message).not.toContain(old.daily);
  });

  it('stops before deleting anything when a name is unknown, suggesting the closest', async () => {
    const scenario = newScenario(server.url, 'switch-unknown');
    const old = await oldDeployments(scenario);
    const before = await branchNames(scenario);
    const typo = old.daily.replace('--daily', '--dialy');
    const error = await failureOf(cleanup(scenario, { deployments: [old.adhoc, typo] }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(`No deployment "${typo}"`);
    expect(error.message).toContain('nothing was deleted');
    expect((error as NotFoundError).describe()).toContain(`did you mean ${old.daily}`);
    expect(await branchNames(scenario)).toEqual(before);
  });

  it('refuses names in acme-portal naming, pointing at the branch cleanup', async () => {
    const scenario = newScenario(server.url, 'switch-managed');
    const old = await oldDeployments(scenario);
    await deploy(scenario, { flows: ['hello_world'] });
    const before = await branchNames(scenario);
    const ours = `hello_world/${EXAMPLE_PROJECT}--${scenario.branch}--hello-world--dev`;
    const error = await failureOf(cleanup(scenario, { deployments: [old.daily, ours] }));
    expect(error).toBeInstanceOf(RefusedError);
    expect(error.message).toContain(ours);
    expect((error as RefusedError).describe()).toContain(`cleanup --branch ${scenario.branch} --envs dev`);
    expect(await branchNames(scenario)).toEqual(before);
  });

  it('refuses a name without its flow before any request', async () => {
    const scenario = newScenario(server.url, 'switch-malformed');
    const error = await failureOf(cleanup(scenario, { deployments: ['daily'] }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('flow/name pairs as Prefect names them');
  });

  it('is the CLI’s --deployments flag, and never goes with --branch', async () => {
    const scenario = newScenario(server.url, 'switch-cli');
    const cwd = scenario.project.workspace;
    gitCommitAll(cwd, scenario.branch);
    const old = await oldDeployments(scenario);
    const connection = ['--config', 'examples/.acme-portal.yml', '--prefect-api-url', server.url];

    const planned = await runCli(
      ['cleanup', '--deployments', `${old.daily},${old.paused}`, '--dry-run', ...connection, '--json'],
      cwd,
    );
    expect(planned.exitCode).toBe(0);
    const plan = JSON.parse(planned.stdout) as { deleted: { name: string; status: string; env: null }[] };
    expect(plan.deleted.map((each) => [each.name, each.status, each.env])).toEqual([
      [old.daily, 'planned', null],
      [old.paused, 'planned', null],
    ]);

    const both = await runCli(
      ['cleanup', '--deployments', old.daily, '--branch', 'main', ...connection],
      cwd,
    );
    expect(both.exitCode).not.toBe(0);
    expect(both.stderr).toContain('exactly one of the three');
    expect((await branchNames(scenario)).length).toBe(3);
  });
});
