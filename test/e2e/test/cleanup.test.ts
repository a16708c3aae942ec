// The cleanup action end to end against the fake Prefect (and the fake GitHub for the branch
// list): a closed branch's deployments removed and nothing else, environments, dry run, the
// max-deletes ceiling, a deployment someone deleted first, and the stale-branch sweep.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InputError, toSegment } from '@portal-actions/core';
import { GitHubRepositoryBranches, openGitHubApi, repositoryParams } from '@portal-actions/runner';
import { startFakeGitHub, type FakeGitHub } from '../../fake-github/index.js';
import { deletedOutput } from '../../../actions/cleanup/src/cleanup.js';
import { cleanupSummary } from '../../../actions/cleanup/src/cleanup-summary.js';
import { cleanup, deploy, failureOf, newScenario, type Scenario } from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { itOnFake, prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
const projects: string[] = [];
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  // These deployments are named by project, not by the scenario's branch: leave none behind.
  for (const project of projects.splice(0)) {
    for (const name of [`${project}--`, `${project}x--`]) {
      for (const deployment of (await server.rest.deploymentsLike(name)).values())
        await server.rest.deleteDeployment(deployment.id);
    }
  }
  await server.close();
  removeExampleCopies();
});

/** A project name of its own, so a shared real server's other deployments are never in play. */
function projectScenario(name: string): Scenario & { projectName: string } {
  return {
    ...newScenario(server.url, name),
    projectName: `cleanup-${Math.random().toString(36).slice(2, 8)}`,
  };
}

async function deployBranch(scenario: Scenario & { projectName: string }, branch: string, env = 'dev') {
  const run = await deploy(scenario, {
    branch,
    env,
    'project-name': scenario.projectName,
    flows: ['hello_world'],
  });
  expect(run.result.outcomes.map((outcome) => outcome.status)).toEqual(['created']);
  return run.result.outcomes[0]!;
}

/** The project's deployment names on the server, sorted. */
async function remaining(projectName: string): Promise<string[]> {
  return [...(await server.rest.deploymentsLike(`${projectName}--`)).keys()].sort();
}

describe('cleanup of named branches', () => {
  it("deletes the branch's deployments in every environment, matched as deploy names the branch", async () => {
    const scenario = projectScenario('cleanup-branch');
    const project = scenario.projectName;
    await deployBranch(scenario, 'feature/Login');
    await deployBranch(scenario, 'feature/Login', 'tst');
    const kept = await deployBranch(scenario, 'feature/other');
    // Another project on the same branch, and a name that does not follow the pattern.
    const other = await deploy(scenario, {
      branch: 'feature/Login',
      'project-name': `${project}x`,
      flows: ['hello_world'],
    });
    const flowId = await server.rest.createFlow('hello_world');
    await server.rest.createDeployment({ name: `${project}--feature-Login--hand-made`, flow_id: flowId });

    const run = await cleanup(scenario, { branch: ['feature/Login'], 'project-name': project });

    expect(run.result.refused).toBeNull();
    expect(
      run.result.outcomes.map((outcome) => [outcome.name, outcome.branch, outcome.env, outcome.status]),
    ).toEqual([
      [`${project}--feature-Login--hello-world--dev`, 'feature-Login', 'dev', 'deleted'],
      [`${project}--feature-Login--hello-world--tst`, 'feature-Login', 'tst', 'deleted'],
    ]);
    expect(await remaining(project)).toEqual([`${project}--feature-Login--hand-made`, kept.name].sort());
    expect(await remaining(`${project}x`)).toEqual([other.result.outcomes[0]!.name]);
    expect(deletedOutput(run.result)).toHaveLength(2);
    const summary = cleanupSummary(run, false);
    expect(summary).toContain('**2 deleted.**');
    expect(summary).toContain(
      `| \`${project}--feature-Login--hello-world--tst\` | \`feature-Login\` | \`tst\` | 🗑️ deleted |`,
    );
  });

  it('keeps other environments when `envs` names some, and deletes nothing in a dry run', async () => {
    const scenario = projectScenario('cleanup-envs');
    const project = scenario.projectName;
    const dev = await deployBranch(scenario, 'preview-1');
    const tst = await deployBranch(scenario, 'preview-1', 'tst');

    const dry = await cleanup(scenario, {
      branch: ['preview-1'],
      envs: ['tst'],
      'project-name': project,
      'dry-run': true,
    });
    expect(dry.result.outcomes.map((outcome) => [outcome.name, outcome.status])).toEqual([
      [tst.name, 'planned'],
    ]);
    expect(await remaining(project)).toEqual([dev.name, tst.name].sort());

    const real = await cleanup(scenario, { branch: ['preview-1'], envs: ['tst'], 'project-name': project });
    expect(real.result.outcomes.map((outcome) => [outcome.name, outcome.status])).toEqual([
      [tst.name, 'deleted'],
    ]);
    expect(await remaining(project)).toEqual([dev.name]);
  });

  it('refuses more than max-deletes, saying how many and what to set, and deletes nothing', async () => {
    const scenario = projectScenario('cleanup-max');
    const project = scenario.projectName;
    for (const env of ['dev', 'tst', 'prod']) await deployBranch(scenario, 'big', env);

    const run = await cleanup(scenario, { branch: ['big'], 'project-name': project, 'max-deletes': 2 });

    expect(run.result.refused).toBe(
      '3 deployments would be deleted, more than max-deletes (2); nothing was deleted. Check the plan, then set `max-deletes: 3` (or more) to allow it.',
    );
    expect(await remaining(project)).toHaveLength(3);
    expect(deletedOutput(run.result)).toEqual([]);
    expect(cleanupSummary(run, false)).toContain('set `max-deletes: 3`');
  });

  itOnFake('reports a deployment someone deleted first (404) as already deleted, not a failure', async () => {
    const scenario = projectScenario('cleanup-404');
    const project = scenario.projectName;
    const gone = await deployBranch(scenario, 'raced');
    server.fake!.faults.add({
      method: 'DELETE',
      path: `/deployments/${gone.id}`,
      fault: { status: 404, body: { detail: 'Deployment not found.' } },
    });

    const run = await cleanup(scenario, { branch: ['raced'], 'project-name': project });

    expect(run.result.outcomes.map((outcome) => [outcome.name, outcome.status, outcome.error])).toEqual([
      [gone.name, 'already-deleted', null],
    ]);
    expect(deletedOutput(run.result)).toEqual([
      expect.objectContaining({ name: gone.name, status: 'already-deleted' }),
    ]);
  });

  itOnFake(
    'reports a deletion Prefect refuses as failed, with its detail, and deletes the rest',
    async () => {
      const scenario = projectScenario('cleanup-500');
      const project = scenario.projectName;
      const stuck = await deployBranch(scenario, 'stuck');
      const fine = await deployBranch(scenario, 'stuck', 'tst');
      server.fake!.faults.add({
        method: 'DELETE',
        path: `/deployments/${stuck.id}`,
        times: Infinity,
        fault: { status: 409, body: { detail: 'Deployment is locked.' } },
      });

      const run = await cleanup(scenario, { branch: ['stuck'], 'project-name': project });

      const byName = new Map(run.result.outcomes.map((outcome) => [outcome.name, outcome]));
      expect(byName.get(fine.name)!.status).toBe('deleted');
      expect(byName.get(stuck.name)!.status).toBe('failed');
      expect(byName.get(stuck.name)!.error).toContain('Deployment is locked.');
    },
  );
});

describe('the stale-branch sweep', () => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub();
  });
  afterEach(async () => {
    await github.close();
  });

  const branchesOf = (token = 'test-token') =>
    new GitHubRepositoryBranches(
      openGitHubApi(token, { GITHUB_API_URL: github.url }),
      repositoryParams('acme/portal-actions'),
    );

  it('deletes the deployments of branches gone from the repository, keeping the default and keep-branches', async () => {
    const scenario = projectScenario('cleanup-stale');
    const project = scenario.projectName;
    const sha = 'a'.repeat(40);
    // 120 branches: the live one sorted last is on the second page of 100.
    const branches: Record<string, string> = { main: sha, 'zz/live': sha };
    for (let index = 0; index < 118; index += 1) branches[`b-${String(index).padStart(3, '0')}`] = sha;
    github.addRepository('acme/portal-actions', { commits: [{ sha }], branches, defaultBranch: 'main' });
    const main = await deployBranch(scenario, 'main');
    const live = await deployBranch(scenario, 'zz/live');
    const release = await deployBranch(scenario, 'release/1.0');
    const gone = await deployBranch(scenario, 'feature/merged');
    const goneTst = await deployBranch(scenario, 'feature/merged', 'tst');

    const run = await cleanup(
      scenario,
      { 'stale-branches': true, 'keep-branches': ['main', 'release/1.0'], 'project-name': project },
      branchesOf(),
    );

    expect(run.target).toMatchObject({ kind: 'stale-branches', keepBranches: ['main', 'release/1.0'] });
    expect(run.result.outcomes.map((outcome) => [outcome.name, outcome.status])).toEqual([
      [gone.name, 'deleted'],
      [goneTst.name, 'deleted'],
    ]);
    expect(await remaining(project)).toEqual([main.name, live.name, release.name].sort());
    expect(toSegment('zz/live')).toBe('zz-live');
    const pages = github.requests.filter((request) => request.path.endsWith('/branches'));
    expect(pages.length).toBe(2);
  });

  it('keeps the default branch by default, and refuses without a branch list', async () => {
    const scenario = projectScenario('cleanup-default');
    const project = scenario.projectName;
    const sha = 'b'.repeat(40);
    github.addRepository('acme/portal-actions', {
      commits: [{ sha }],
      branches: { trunk: sha },
      defaultBranch: 'trunk',
    });
    const trunk = await deployBranch(scenario, 'trunk');
    const old = await deployBranch(scenario, 'old');

    const refused = await failureOf(cleanup(scenario, { 'stale-branches': true, 'project-name': project }));
    expect(refused).toBeInstanceOf(InputError);
    expect(refused.message).toContain('`stale-branches: true` needs the repository’s branch list');

    const run = await cleanup(scenario, { 'stale-branches': true, 'project-name': project }, branchesOf());
    expect(run.target).toMatchObject({ keepBranches: ['trunk'] });
    expect(run.result.outcomes.map((outcome) => outcome.name)).toEqual([old.name]);
    expect(await remaining(project)).toEqual([trunk.name]);
  });
});
