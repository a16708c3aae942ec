// Review before merge, end to end against the fake Prefect and the fake GitHub over real HTTP:
// the plan posted on the pull request and edited on the next push, the fork's read-only token,
// and the drift check (paused, edited, deleted by hand).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { planCommentMarker } from '@portal-actions/core';
import { startFakeGitHub, type FakeGitHub } from '../../fake-github/index.js';
import { driftSummary } from '../../../actions/deploy/src/drift-summary.js';
import {
  deploy,
  EXAMPLE_PROJECT,
  expectedName,
  findFlows,
  newScenario,
  reviewedDeploy,
  type Scenario,
} from '../action-run.js';
import { EXAMPLE_CONFIG, removeExampleCopies } from '../example-project.js';
import { prefectUnderTest, randomCommit, type PrefectUnderTest } from '../prefect-under-test.js';

const REPOSITORY = 'acme/portal-actions';
const PULL = 7;
const RUN_URL = `https://github.com/${REPOSITORY}/actions/runs/42`;

let server: PrefectUnderTest;
let github: FakeGitHub;
beforeEach(async () => {
  server = await prefectUnderTest();
  github = await startFakeGitHub({
    tokens: { 'test-token': {}, 'fork-token': { permissions: { pull_requests: 'read' } } },
  });
  github.addRepository(REPOSITORY);
});
afterEach(async () => {
  await github.close();
  await server.close();
  removeExampleCopies();
});

/** The scenario's commit, seen from a pull_request run of pull request #7. */
function onPullRequest(scenario: Scenario): Scenario {
  return {
    ...scenario,
    github: {
      eventName: 'pull_request',
      sha: randomCommit(),
      ref: `refs/pull/${PULL}/merge`,
      headRef: scenario.branch,
      runUrl: RUN_URL,
      payload: {
        number: PULL,
        pull_request: { number: PULL, head: { ref: scenario.branch, sha: scenario.commit } },
      },
    },
  };
}

function seedComments(issueNumber: number, count: number, body: (index: number) => string): void {
  const repository = github.repository(REPOSITORY);
  for (let index = 0; index < count; index += 1) {
    github.state.nextId += 1;
    repository.comments.push({
      id: github.state.nextId,
      issueNumber,
      body: body(index),
      user: { login: 'someone', type: 'User' },
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
    });
  }
}

const planComments = (issueNumber: number, env = 'dev') =>
  github
    .repository(REPOSITORY)
    .comments.filter(
      (comment) =>
        comment.issueNumber === issueNumber &&
        comment.body.startsWith(planCommentMarker(env, EXAMPLE_CONFIG)),
    );

const env = () => ({ GITHUB_API_URL: github.url });

describe('the plan as a pull-request comment', () => {
  it('posts one comment, then edits that same one on the next push, found past the first page', async () => {
    const scenario = onPullRequest(newScenario(server.url, 'pr-plan'));
    const flows = (await findFlows(scenario)).flows.filter((flow) => flow.deployable);
    // 130 comments before the plan: with 100 a page, the plan comment lands on page two.
    seedComments(PULL, 130, (index) => `review remark ${index}`);
    // A person pasting the plan's text (marker included) into a reply does not make it the plan.
    seedComments(PULL, 1, () => `Quoting the bot:\n${planCommentMarker('dev', EXAMPLE_CONFIG)}\nlooks odd`);
    // Another pull request's plan comment for the same environment is never touched.
    seedComments(8, 1, () => `${planCommentMarker('dev', EXAMPLE_CONFIG)}\nanother pull request`);

    const first = await reviewedDeploy(scenario, { 'dry-run': true, 'github-token': 'test-token' }, env());

    expect(first.review.comment.status).toBe('created');
    const [posted] = planComments(PULL);
    expect(planComments(PULL)).toHaveLength(1);
    expect(posted!.body).toContain(`### Deploy plan: ${EXAMPLE_PROJECT} → dev`);
    expect(posted!.body).toContain(`**${flows.length} to create.**`);
    for (const flow of flows) {
      expect(posted!.body).toContain(
        `| \`${expectedName(scenario.branch, flow.name, 'dev')}\` | 🆕 create |`,
      );
    }
    expect(posted!.body).toContain(`[The run](${RUN_URL})`);
    expect(planComments(8)[0]!.body).toContain('another pull request');
    expect(
      github.repository(REPOSITORY).comments.filter((comment) => comment.body.endsWith('looks odd')),
    ).toHaveLength(1);

    // Merged and deployed for real: a push run, no comment (not a dry run on a pull request).
    const applied = await reviewedDeploy(
      { ...scenario, github: {} },
      { 'github-token': 'test-token' },
      env(),
    );
    expect(applied.review.comment.status).toBe('skipped');

    // The next push adds a variable and changes one: names only, never values.
    const requestsBefore = github.requests.length;
    const second = await reviewedDeploy(
      scenario,
      {
        'dry-run': true,
        'github-token': 'test-token',
        'env-vars': 'API_URL=https://internal.example.test\nLOG_LEVEL=TRACE_SECRET_VALUE',
      },
      env(),
    );

    expect(second.review.comment.status).toBe('updated');
    expect(planComments(PULL)).toHaveLength(1);
    const edited = planComments(PULL)[0]!;
    expect(edited.id).toBe(posted!.id);
    expect(edited.body).toContain(`**${flows.length} to update.**`);
    expect(edited.body).toContain('env: +API_URL, ~LOG_LEVEL');
    expect(edited.body).not.toContain('internal.example.test');
    expect(edited.body).not.toContain('TRACE_SECRET_VALUE');
    expect(edited.body).not.toContain('DEBUG');
    // Listed with every page read (page 2 holds it), then one PATCH, no new comment.
    const calls = github.requests
      .slice(requestsBefore)
      .map((request) => `${request.method} ${request.path}?${request.query}`);
    expect(calls.filter((call) => call.startsWith('GET') && call.includes('page=2'))).toHaveLength(1);
    expect(calls.filter((call) => call.startsWith('POST'))).toEqual([]);
    expect(calls.filter((call) => call.startsWith('PATCH'))).toEqual([
      `PATCH /repos/${REPOSITORY}/issues/comments/${posted!.id}?`,
    ]);
  });

  it('keeps one comment per environment, and counts unchanged deployments instead of listing them', async () => {
    const scenario = onPullRequest(newScenario(server.url, 'pr-envs'));
    await deploy({ ...scenario, github: {} }, { env: 'tst' });

    await reviewedDeploy(scenario, { 'dry-run': true, 'github-token': 'test-token' }, env());
    const tst = await reviewedDeploy(
      scenario,
      { env: 'tst', 'dry-run': true, 'github-token': 'test-token' },
      env(),
    );

    expect(planComments(PULL, 'dev')).toHaveLength(1);
    expect(planComments(PULL, 'tst')).toHaveLength(1);
    const body = planComments(PULL, 'tst')[0]!.body;
    const count = tst.result.plan.items.length;
    expect(body).toContain(`**${count} unchanged.**`);
    expect(body).toContain(`${count} deployments unchanged.`);
    // On a shared real server another scenario's hand-made deployment of the same example flow
    // may be listed under "Other deployments of these flows"; the plan's own rows come before it.
    expect(body.split('#### Other deployments of these flows')[0]).not.toContain('| deployment |');
  });

  it("leaves the plan in the summary and warns when the token may not comment (a fork's pull request)", async () => {
    const scenario = onPullRequest(newScenario(server.url, 'pr-fork'));

    const run = await reviewedDeploy(scenario, { 'dry-run': true, 'github-token': 'fork-token' }, env());

    expect(run.review.comment.status).toBe('not-permitted');
    expect(github.repository(REPOSITORY).comments).toEqual([]);
    // Warnings about other scenarios' hand-made deployments of the example flows (a shared real
    // server) are not this test's subject.
    const warnings = run.progress.warnings
      .map((warning) => warning.message)
      .filter((message) => !/^flow \S+ also has /.test(message));
    expect(warnings).toEqual([expect.stringContaining('The plan was not posted on the pull request')]);
    expect(warnings[0]).toContain('403');
    expect(warnings[0]).toContain('pull-requests: write');
    expect(run.result.outcomes.every((outcome) => outcome.status === 'planned')).toBe(true);
  });

  it('does not comment when told not to, nor on a real deploy, nor when GitHub fails', async () => {
    const scenario = onPullRequest(newScenario(server.url, 'pr-off'));

    const off = await reviewedDeploy(
      scenario,
      { 'dry-run': true, comment: 'false', 'github-token': 'test-token' },
      env(),
    );
    const real = await reviewedDeploy(scenario, { 'github-token': 'test-token' }, env());
    github.fail({ method: 'GET', path: /\/comments$/, status: 502 });
    const broken = await reviewedDeploy(scenario, { 'dry-run': true, 'github-token': 'test-token' }, env());

    expect(off.review.comment.status).toBe('skipped');
    expect(real.review.comment.status).toBe('skipped');
    expect(broken.review.comment.status).toBe('failed');
    expect(broken.progress.warnings.map((warning) => warning.message).join('\n')).toContain('502');
    expect(github.repository(REPOSITORY).comments).toEqual([]);
    expect(real.result.outcomes.every((outcome) => outcome.status === 'created')).toBe(true);
  });
});

describe('the drift check', () => {
  it('finds nothing right after a deploy, then each deployment changed, paused or deleted in the UI', async () => {
    const scenario = newScenario(server.url, 'drift');
    const deployed = await deploy(scenario);
    const check = { 'dry-run': true, 'fail-on-drift': true } as const;
    expect((await reviewedDeploy(scenario, check)).review.drift).toEqual([]);

    const names = deployed.result.outcomes.map((outcome) => outcome.name).sort();
    const idOf = (name: string) => deployed.result.outcomes.find((outcome) => outcome.name === name)!.id!;
    const hello = expectedName(scenario.branch, 'hello_world', 'dev');
    const [paused, removed] = names.filter((name) => name !== hello);
    await server.rest.call('PATCH', `/deployments/${idOf(paused!)}`, { paused: true });
    await server.rest.call('PATCH', `/deployments/${idOf(hello)}`, { parameters: { name: 'zaphod' } });
    await server.rest.call('DELETE', `/deployments/${idOf(removed!)}`);

    const { review } = await reviewedDeploy(scenario, check);

    expect(review.drift.map((drift) => [drift.name, drift.kind, drift.differences])).toEqual(
      [
        [paused!, 'changed', ['paused: true → false']],
        [hello, 'changed', ['parameters: ~name']],
        [removed!, 'missing', ['not in Prefect (deleted by hand?)']],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    const summary = driftSummary(review.drift, 'dev');
    expect(summary).toContain('3 deployments in `dev` differ from the repository');
    expect(summary).toContain(`| \`${paused!}\` | differs | paused: true → false |`);
  });

  it('names a schedule switched off in the UI', async () => {
    const scenario = newScenario(server.url, 'drift-schedule');
    const deployed = await deploy(scenario, { env: 'prod', flows: ['hello_world'] });
    const id = deployed.result.outcomes[0]!.id!;
    const view = (await server.rest.call('GET', `/deployments/${id}`)).body as {
      schedules: { id: string }[];
    };
    await server.rest.call('PATCH', `/deployments/${id}/schedules/${view.schedules[0]!.id}`, {
      active: false,
    });

    const { review } = await reviewedDeploy(scenario, {
      env: 'prod',
      flows: ['hello_world'],
      'dry-run': true,
      'fail-on-drift': true,
    });

    expect(review.drift).toHaveLength(1);
    expect(review.drift[0]!.fields).toEqual(['schedules']);
    expect(review.drift[0]!.differences).toEqual([
      expect.stringMatching(/^schedule .+ active: false → true$/),
    ]);
  });
});
