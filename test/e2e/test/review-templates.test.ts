// The review templates in a new repository, run as the runner runs them (the committed bundles,
// the templates' `with:` blocks filled as GitHub would), against the fake Prefect and the fake
// GitHub over real HTTP: plan.yml's comment, drift.yml's failure, preview.yml's paused previews
// and their removal, cleanup.yml's sweep and its ceiling.
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planCommentMarker } from '@portal-actions/core';
import { startFakeGitHub, type FakeGitHub } from '../../fake-github/index.js';
import { startFakePrefect, type FakePrefect } from '../../fake-prefect/index.js';
import { removeActionScratch, runActionBundle, type ActionProcessRun } from '../action-process.js';
import { EXAMPLES_DIR, REPO_ROOT } from '../example-project.js';
import { PrefectRest } from '../prefect-rest.js';
import { describeOnFake } from '../prefect-under-test.js';
import { fill, withBlock } from '../template-step.js';

const REPOSITORY = 'acme/portal-actions';
const MAIN = 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe';
const HEAD = 'beef0000beef0000beef0000beef0000beef0000';
const image = (commit: string) => `ghcr.io/acme/portal-actions:${commit}`;

let prefect: FakePrefect;
let github: FakeGitHub;
let workspace: string;

beforeEach(async () => {
  prefect = await startFakePrefect();
  prefect.addWorkPool('my-pool', 'docker');
  github = await startFakeGitHub({
    tokens: { 'test-token': {}, 'fork-token': { permissions: { pull_requests: 'read' } } },
  });
  github.addRepository(REPOSITORY, { commits: [{ sha: MAIN }], branches: { main: MAIN } });
  workspace = mkdtempSync(join(tmpdir(), 'portal-review-repo-'));
  cpSync(join(EXAMPLES_DIR, 'flows'), join(workspace, 'flows'), { recursive: true });
  cpSync(join(EXAMPLES_DIR, 'pyproject.toml'), join(workspace, 'pyproject.toml'));
  writeFileSync(
    join(workspace, '.acme-portal.yml'),
    readFileSync(join(REPO_ROOT, 'action-templates', 'acme-portal.yml'), 'utf8'),
  );
});
afterEach(async () => {
  await github.close();
  await prefect.close();
  rmSync(workspace, { recursive: true, force: true });
  removeActionScratch();
});

const secrets = () => ({ 'secrets.PREFECT_API_URL': prefect.url, 'secrets.PREFECT_API_KEY': '' });
const errors = (run: ActionProcessRun) => run.commands.filter((line) => line.startsWith('::error'));
const names = () => [...prefect.state.deployments.values()].map((deployment) => deployment.name).sort();

/** deploy.yml after container built main: what the other templates compare with. */
async function deployMain(): Promise<ActionProcessRun> {
  const run = await runActionBundle('deploy', {
    workspace,
    branch: 'main',
    commit: MAIN,
    inputs: fill(withBlock('deploy.yml', 'deploy'), {
      ...secrets(),
      "inputs.environment || 'dev'": 'dev',
      "inputs.flows-to-deploy || 'all'": 'all',
      'steps.image.outputs.ref': image(MAIN),
      'steps.image.outputs.commit': MAIN,
    }),
  });
  expect(errors(run)).toEqual([]);
  expect(run.exitCode).toBe(0);
  return run;
}

const pullRequest = (number: number, branch: string) => ({
  name: 'pull_request',
  payload: {
    action: 'synchronize',
    number,
    pull_request: { number, head: { ref: branch, sha: HEAD }, base: { ref: 'main', sha: MAIN } },
  },
});

describeOnFake('the review templates in a new repository', () => {
  it('plan.yml posts what merging changes in dev, edits it on the next push, and only warns for a fork', async () => {
    const deployed = await deployMain();
    const count = Number(deployed.outputs.created);
    const planStep = (token: string) =>
      runActionBundle('deploy', {
        workspace,
        branch: 'feature/login',
        commit: HEAD,
        event: pullRequest(3, 'feature/login'),
        env: { GITHUB_API_URL: github.url, GITHUB_HEAD_REF: 'feature/login', GITHUB_BASE_REF: 'main' },
        inputs: {
          ...fill(withBlock('plan.yml', 'deploy'), {
            ...secrets(),
            'github.base_ref': 'main',
            'github.event.pull_request.head.sha': HEAD,
            'steps.image.outputs.ref': image(HEAD),
          }),
          'github-token': token,
        },
      });

    const first = await planStep('test-token');
    const second = await planStep('test-token');

    for (const run of [first, second]) {
      expect(errors(run)).toEqual([]);
      expect(run.exitCode).toBe(0);
    }
    const comments = github.repository(REPOSITORY).comments;
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body;
    expect(body).toContain(planCommentMarker('dev', '.acme-portal.yml'));
    expect(body).toContain(`**${count} to update.**`);
    // Each deployment linked to its Prefect page; a new commit moves its version, tag and image.
    expect(body).toMatch(
      /\| \[`my-project--main--hello-world--dev`\]\(http:\/\/127\.0\.0\.1:\d+\/deployments\/deployment\/[\w-]+\) \| ✏️ update \| version; tags: ~COMMIT_HASH; job_variables: ~image \|/,
    );
    expect(body).toContain('[The run](https://github.com/acme/portal-actions/actions/runs/1)');
    // Nothing written: dev still runs main's image.
    expect(
      [...prefect.state.deployments.values()].every(
        (deployment) => (deployment.job_variables as { image?: string }).image === image(MAIN),
      ),
    ).toBe(true);

    const fork = await planStep('fork-token');
    expect(fork.exitCode).toBe(0);
    expect(fork.commands.filter((line) => line.startsWith('::warning'))).toEqual([
      expect.stringContaining('The plan was not posted on the pull request; it is in the job summary.'),
    ]);
    expect(fork.summary).toContain('Deploy plan (dry run)');
    expect(github.repository(REPOSITORY).comments).toHaveLength(1);
  });

  it('drift.yml passes right after a deploy and fails, naming the deployment, once one is paused in the UI', async () => {
    const deployed = await deployMain();
    const driftStep = () =>
      runActionBundle('deploy', {
        workspace,
        branch: 'main',
        commit: MAIN,
        inputs: fill(withBlock('drift.yml', 'deploy'), {
          ...secrets(),
          'steps.image.outputs.ref': image(MAIN),
        }),
      });

    const clean = await driftStep();
    expect(clean.exitCode).toBe(0);
    expect(clean.summary).toContain('### No drift');

    const [victim] = JSON.parse(deployed.outputs.deployments!) as { name: string; id: string }[];
    await new PrefectRest(prefect.url).call('PATCH', `/deployments/${victim!.id}`, { paused: true });
    const drifted = await driftStep();

    expect(drifted.exitCode).toBe(1);
    expect(errors(drifted)).toEqual([
      expect.stringContaining(`title=Drift%3A ${victim!.name}::${victim!.name}: paused: true → false`),
      expect.stringContaining('1 deployment in dev drifted from the repository'),
    ]);
    expect(drifted.summary).toContain('### ⚠️ Drift: 1 deployment in `dev` differs from the repository');
    expect(drifted.summary).toContain(`| \`${victim!.name}\` | differs | paused: true → false |`);
  });

  it("preview.yml deploys the pull request's branch paused into preview, and its close removes only those", async () => {
    await deployMain();
    const devNames = names();
    const preview = await runActionBundle('deploy', {
      workspace,
      branch: 'feature/login',
      commit: HEAD,
      event: pullRequest(4, 'feature/login'),
      env: { GITHUB_API_URL: github.url, GITHUB_HEAD_REF: 'feature/login' },
      inputs: fill(withBlock('preview.yml', 'deploy'), {
        ...secrets(),
        'github.head_ref': 'feature/login',
        'github.event.pull_request.head.sha': HEAD,
        'steps.image.outputs.ref': image(HEAD),
      }),
    });
    expect(errors(preview)).toEqual([]);
    const previews = [...prefect.state.deployments.values()].filter((deployment) =>
      deployment.name.startsWith('my-project--feature-login--'),
    );
    expect(previews.length).toBe(devNames.length);
    expect(previews.every((deployment) => deployment.name.endsWith('--preview') && deployment.paused)).toBe(
      true,
    );
    expect(github.repository(REPOSITORY).comments).toEqual([]);

    const removed = await runActionBundle('cleanup', {
      workspace,
      branch: 'feature/login',
      commit: HEAD,
      event: {
        name: 'pull_request',
        payload: { ...pullRequest(4, 'feature/login').payload, action: 'closed' },
      },
      inputs: fill(withBlock('preview.yml', 'cleanup'), { ...secrets(), 'github.head_ref': 'feature/login' }),
    });

    expect(errors(removed)).toEqual([]);
    expect(removed.exitCode).toBe(0);
    expect(removed.outputs.count).toBe(String(previews.length));
    const deleted = JSON.parse(removed.outputs.deleted!) as { name: string; status: string }[];
    expect(deleted.map((row) => row.name).sort()).toEqual(
      previews.map((deployment) => deployment.name).sort(),
    );
    expect(names()).toEqual(devNames);
    expect(removed.summary).toContain(`**${previews.length} deleted.**`);
  });

  it("cleanup.yml's sweep removes gone branches' deployments, keeps main's, and refuses over max-deletes", async () => {
    await deployMain();
    const devNames = names();
    for (const branch of ['feature/a', 'feature/b']) {
      const run = await runActionBundle('deploy', {
        workspace,
        branch,
        commit: HEAD,
        inputs: { env: 'dev', branch, 'prefect-api-url': prefect.url, flows: 'hello_world' },
      });
      expect(run.exitCode).toBe(0);
    }
    const sweep = (maxDeletes: string) =>
      runActionBundle('cleanup', {
        workspace,
        branch: 'main',
        commit: MAIN,
        event: { name: 'schedule', payload: { schedule: '0 5 * * 1' } },
        env: { GITHUB_API_URL: github.url },
        inputs: {
          ...fill(withBlock('cleanup.yml', 'cleanup', 'Stale branches'), {
            ...secrets(),
            'inputs.dry-run || false': 'false',
          }),
          'max-deletes': maxDeletes,
          'github-token': 'test-token',
        },
      });

    const refused = await sweep('1');
    expect(refused.exitCode).toBe(1);
    expect(errors(refused).join('\n')).toContain(
      '2 deployments would be deleted, more than max-deletes (1); nothing was deleted. Check the plan, then set `max-deletes: 2`',
    );
    expect(refused.summary).toContain('📝 planned');
    expect(refused.outputs.count).toBe('0');
    expect(names()).toHaveLength(devNames.length + 2);

    const swept = await sweep('50');
    expect(errors(swept)).toEqual([]);
    expect(swept.exitCode).toBe(0);
    expect(swept.outputs.count).toBe('2');
    expect(names()).toEqual(devNames);
  });
});

describeOnFake('the new inputs refuse what makes no sense, before anything is read or written', () => {
  it.each([
    [
      'deploy',
      { env: 'dev', 'fail-on-drift': 'true' },
      'input `fail-on-drift` needs `dry-run: true` (a drift check writes nothing)',
    ],
    ['deploy', { env: 'dev', comment: 'always' }, 'input `comment` must be `auto`, `true` or `false`'],
    ['cleanup', {}, 'input `branch` names the branches whose deployments to delete'],
    ['cleanup', { branch: 'x', 'stale-branches': 'true' }, 'input `branch` names the branches'],
    ['cleanup', { branch: 'x', 'max-deletes': '-1' }, 'input `max-deletes` must be a whole number'],
  ] as const)('%s with %j', async (action, inputs, message) => {
    const run = await runActionBundle(action, {
      workspace,
      branch: 'main',
      commit: MAIN,
      inputs: { ...inputs, 'prefect-api-url': prefect.url },
    });
    expect(run.exitCode).toBe(1);
    expect(errors(run).join('\n')).toContain(message);
    expect(prefect.requests).toEqual([]);
  });
});
