// Promote's evidence and what it changes: require-successful-run refuses unproven sources before
// writing; the last run shows per flow; commits between versions and GitHub deployment records.
import { afterEach, beforeEach, expect } from '@jest/globals';
import { RefusedError } from '@portal-actions/core';
import { promoteSummary } from '../../../actions/promote/src/promote-summary.js';
import { promoteOutputRows } from '../../../actions/promote/src/promote.js';
import { startFakeGitHub, type FakeGitHub } from '../../fake-github/index.js';
import { deploy, failureOf, newScenario, promote, recordingProgress, type Scenario } from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { describeOnFake, itOnFake, prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
let github: FakeGitHub;
beforeEach(async () => {
  server = await prefectUnderTest();
  github = await startFakeGitHub();
});
afterEach(async () => {
  await server.close();
  await github.close();
  removeExampleCopies();
});

/** Creates a run of the dev deployment of `flow` and moves it to `state`. */
async function runInDev(scenario: Scenario, flow: string, state: 'COMPLETED' | 'FAILED') {
  const fake = server.fake!;
  const deployment = [...fake.state.deployments.values()].find(
    (each) => each.name === `acme-example--${scenario.branch}--${flow.replace(/_/g, '-')}--dev`,
  )!;
  const response = await fetch(`${server.url}/deployments/${deployment.id}/create_flow_run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const run = (await response.json()) as { id: string };
  fake.worker.setState(run.id, 'RUNNING');
  fake.worker.setState(run.id, state);
  return run.id;
}

describeOnFake('require-successful-run', () => {
  itOnFake(
    'refuses before writing when a source never ran or failed, naming each with its link',
    async () => {
      const scenario = newScenario(server.url, 'evidence-refuse');
      await deploy(scenario, { flows: ['hello_world', 'weekly_summary'] });
      const failed = await runInDev(scenario, 'weekly_summary', 'FAILED');
      server.fake!.resetRequests();

      const error = await failureOf(
        promote(scenario, { 'source-env': 'dev', 'target-env': 'tst', 'require-successful-run': true }),
      );
      expect(error).toBeInstanceOf(RefusedError);
      const message = (error as RefusedError).describe();
      expect(message).toContain('2 of 2 source deployments in "dev" have no COMPLETED flow run');
      expect(message).toMatch(
        /weekly_summary \(.*--weekly-summary--dev, version .*\): last run Failed at \S+Z/,
      );
      expect(message).toContain(`/runs/flow-run/${failed}`);
      expect(message).toMatch(/hello_world \(.*\): last run never ran/);
      const requests = server.fake!.requests;
      expect(
        requests.filter((request) => request.method !== 'GET' && !request.path.endsWith('/filter')),
      ).toEqual([]);
      // One flow-run request for both deployments.
      const runReads = requests.filter((request) => request.path === '/flow_runs/filter');
      expect(runReads).toHaveLength(1);
      expect(runReads[0]!.body).toMatchObject({ sort: 'EXPECTED_START_TIME_DESC', limit: 200 });
    },
  );

  itOnFake('promotes once each source completed a run of its current version', async () => {
    const scenario = newScenario(server.url, 'evidence-ok');
    await deploy(scenario, { flows: ['hello_world'] });
    const completed = await runInDev(scenario, 'hello_world', 'COMPLETED');
    const run = await promote(scenario, {
      'source-env': 'dev',
      'target-env': 'tst',
      'require-successful-run': true,
    });
    expect(run.result.outcomes.map((outcome) => outcome.status)).toEqual(['created']);
    const [row] = promoteOutputRows(run);
    expect(row!.source_last_run).toMatchObject({ state: 'COMPLETED', state_name: 'Completed' });
    expect(row!.source_completed_run_url).toContain(`/runs/flow-run/${completed}`);
  });

  itOnFake('does not count a COMPLETED run of an older version', async () => {
    const scenario = newScenario(server.url, 'evidence-old');
    await deploy(scenario, { flows: ['hello_world'] });
    await runInDev(scenario, 'hello_world', 'COMPLETED');
    const next = { ...scenario, commit: 'f'.repeat(40) };
    await deploy(next, { flows: ['hello_world'] });
    const error = await failureOf(
      promote(next, { 'source-env': 'dev', 'target-env': 'tst', 'require-successful-run': true }),
    );
    expect((error as RefusedError).describe()).toMatch(
      new RegExp(`last run Completed at \\S+ \\(of version ${scenario.branch}-${scenario.commit}\\)`),
    );
  });

  itOnFake('without it, promotes and shows the source last run in the summary', async () => {
    const scenario = newScenario(server.url, 'evidence-show');
    await deploy(scenario, { flows: ['hello_world'] });
    await runInDev(scenario, 'hello_world', 'FAILED');
    const run = await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' });
    const summary = promoteSummary(run.result, {
      project: run.project,
      branch: run.branch,
      sourceEnv: 'dev',
      targetEnv: 'tst',
      dryRun: false,
      expectedCommit: null,
      evidence: run.evidence,
      changes: run.changes,
    });
    expect(summary).toContain('source last run');
    expect(summary).toMatch(/❌ Failed at \S+\]\(http/);
  });
});

describeOnFake('what a promotion changes, on GitHub', () => {
  const shas = ['1', '2', '3', '4'].map((digit) => digit.repeat(40));

  itOnFake('lists the commits between the target and source versions, with a compare link', async () => {
    github.addRepository('acme/portal-actions', {
      commits: shas.map((sha, index) => ({ sha, message: `Change ${index + 1}\n\nbody` })),
    });
    const scenario = newScenario(server.url, 'changes');
    const first = { ...scenario, commit: shas[0]! };
    await deploy(first, { flows: ['hello_world'] });
    await promote(first, { 'source-env': 'dev', 'target-env': 'tst' });
    const last = { ...scenario, commit: shas[3]! };
    await deploy(last, { flows: ['hello_world'] });
    const run = await promote(
      last,
      { 'source-env': 'dev', 'target-env': 'tst', 'github-token': 'test-token' },
      recordingProgress(),
      { GITHUB_API_URL: github.url },
    );
    const [row] = promoteOutputRows(run);
    expect(row!.compare_url).toBe(`https://github.com/acme/portal-actions/compare/${shas[0]}...${shas[3]}`);
    expect(row!.total_commits).toBe(3);
    expect(row!.commits).toEqual([
      { sha: shas[1], title: 'Change 2', author: 'ada' },
      { sha: shas[2], title: 'Change 3', author: 'ada' },
      { sha: shas[3], title: 'Change 4', author: 'ada' },
    ]);
    const summary = promoteSummary(run.result, {
      project: run.project,
      branch: run.branch,
      sourceEnv: 'dev',
      targetEnv: 'tst',
      dryRun: false,
      expectedCommit: null,
      changes: run.changes,
    });
    expect(summary).toContain('3 commits');
    expect(summary).toContain('`2222222` Change 2 (ada)');
    expect(summary).toContain('[compare](https://github.com/acme/portal-actions/compare/');
  });

  itOnFake('shows the changed target fields with env var names, never values', async () => {
    const scenario = newScenario(server.url, 'fields');
    await deploy(scenario, { flows: ['hello_world'] });
    await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' });
    const run = await promote(scenario, {
      'source-env': 'dev',
      'target-env': 'tst',
      'env-vars': 'API_TOKEN=s3cr3t-value',
      'dry-run': true,
    });
    const summary = promoteSummary(run.result, {
      project: run.project,
      branch: run.branch,
      sourceEnv: 'dev',
      targetEnv: 'tst',
      dryRun: true,
      expectedCommit: null,
    });
    expect(summary).toContain('env: +API_TOKEN');
    expect(summary).not.toContain('s3cr3t-value');
  });

  itOnFake('records a GitHub deployment with its statuses, and only warns when GitHub refuses', async () => {
    const repo = github.addRepository('acme/portal-actions', { commits: [{ sha: shas[0]! }] });
    const scenario = { ...newScenario(server.url, 'records'), commit: shas[0]! };
    const env = { GITHUB_API_URL: github.url };
    const inputs = { flows: ['hello_world'], 'github-token': 'test-token', 'github-deployments': true };
    const deployed = await deploy(scenario, inputs, recordingProgress(), env);
    expect(repo.deployments).toHaveLength(1);
    const [record] = repo.deployments;
    expect(record).toMatchObject({
      environment: 'dev',
      sha: shas[0],
      auto_merge: false,
      required_contexts: [],
      payload: {
        deployments: [
          {
            name: deployed.result.outcomes[0]!.name,
            flow_name: 'hello_world',
            id: deployed.result.outcomes[0]!.id,
          },
        ],
      },
    });
    expect(record!.statuses.map((status) => status.state)).toEqual(['in_progress', 'success']);
    expect(record!.statuses[1]!.environment_url).toBe(server.url.replace(/\/api$/, ''));

    await promote(
      scenario,
      { 'source-env': 'dev', 'target-env': 'tst', ...inputs },
      recordingProgress(),
      env,
    );
    expect(repo.deployments.map((each) => each.environment)).toEqual(['dev', 'tst']);

    github.fail({ method: 'POST', path: /\/deployments$/, status: 403 });
    const progress = recordingProgress();
    const again = await deploy(scenario, inputs, progress, env);
    expect(again.result.outcomes.map((outcome) => outcome.status)).toEqual(['unchanged']);
    expect(progress.warnings.map((warning) => warning.message)).toEqual([
      expect.stringContaining('needs `deployments: write`'),
    ]);
  });
});
