import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/parse-config.js';
import { resolveRunContext, type RunContextInput } from '../../src/context/run-context.js';
import { ConfigurationError, InputError } from '../../src/errors/portal-error.js';

const BUILT = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const DEFAULT_HEAD = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
const PR_HEAD = 'cccccccccccccccccccccccccccccccccccccccc';
const PR_MERGE = 'dddddddddddddddddddddddddddddddddddddddd';

let repo: string;
beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'portal-context-'));
  await writeFile(join(repo, 'pyproject.toml'), '[project]\nname = "etl"\nversion = "1.4.0"\n');
});
afterAll(async () => {
  await rm(repo, { recursive: true, force: true });
});

const noConfig = parseConfig('', '.acme-portal.yml', {}).config;

function input(overrides: Partial<RunContextInput>): RunContextInput {
  return {
    eventName: 'push',
    payload: {},
    sha: DEFAULT_HEAD,
    ref: 'refs/heads/main',
    repository: 'acme/acme-prefect',
    inputs: {},
    config: noConfig,
    repoRoot: repo,
    ...overrides,
  };
}

describe('resolveRunContext: branch and commit by event', () => {
  it.each([
    {
      what: 'workflow_run: the finished run’s branch and commit, not the default branch head',
      event: {
        eventName: 'workflow_run',
        sha: DEFAULT_HEAD,
        ref: 'refs/heads/main',
        payload: { workflow_run: { head_branch: 'feature/login', head_sha: BUILT } },
      },
      branch: 'feature/login',
      commit: BUILT,
      from: ['github.event.workflow_run.head_branch', 'github.event.workflow_run.head_sha'],
    },
    {
      what: 'pull_request: the head, not the merge commit',
      event: {
        eventName: 'pull_request',
        sha: PR_MERGE,
        ref: 'refs/pull/7/merge',
        headRef: 'fix/typo',
        payload: { pull_request: { head: { ref: 'fix/typo', sha: PR_HEAD } } },
      },
      branch: 'fix/typo',
      commit: PR_HEAD,
      from: ['github.event.pull_request.head.ref', 'github.event.pull_request.head.sha'],
    },
    {
      what: 'pull_request_target: the head too',
      event: {
        eventName: 'pull_request_target',
        sha: DEFAULT_HEAD,
        ref: 'refs/heads/main',
        payload: { pull_request: { head: { ref: 'fork-branch', sha: PR_HEAD } } },
      },
      branch: 'fork-branch',
      commit: PR_HEAD,
      from: ['github.event.pull_request.head.ref', 'github.event.pull_request.head.sha'],
    },
    {
      what: 'push to a branch',
      event: { eventName: 'push', sha: BUILT, ref: 'refs/heads/release/2.0' },
      branch: 'release/2.0',
      commit: BUILT,
      from: ['github.ref', 'github.sha'],
    },
    {
      what: 'push of a tag: the tag name',
      event: { eventName: 'push', sha: BUILT, ref: 'refs/tags/v1.4.0', refName: 'v1.4.0' },
      branch: 'v1.4.0',
      commit: BUILT,
      from: ['github.ref', 'github.sha'],
    },
    {
      what: 'workflow_dispatch on a branch',
      event: { eventName: 'workflow_dispatch', sha: BUILT, ref: 'refs/heads/main', refName: 'main' },
      branch: 'main',
      commit: BUILT,
      from: ['github.ref', 'github.sha'],
    },
    {
      what: 'schedule',
      event: { eventName: 'schedule', sha: BUILT, ref: 'refs/heads/main' },
      branch: 'main',
      commit: BUILT,
      from: ['github.ref', 'github.sha'],
    },
  ])('$what', async ({ event, branch, commit, from }) => {
    const context = await resolveRunContext(input(event));
    expect(context.branch).toBe(branch);
    expect(context.commit).toBe(commit);
    expect(context.shortCommit).toBe(commit.slice(0, 8));
    expect([context.sources.branch.detail, context.sources.commit.detail]).toEqual(from);
  });

  it('lets the inputs override the event', async () => {
    const context = await resolveRunContext(
      input({
        eventName: 'workflow_run',
        payload: { workflow_run: { head_branch: 'feature/login', head_sha: BUILT } },
        inputs: { branch: 'main', commitSha: 'ABCDEF1234567' },
      }),
    );
    expect(context).toMatchObject({ branch: 'main', commit: 'abcdef1234567', shortCommit: 'abcdef12' });
    expect(context.sources.branch).toEqual({ from: 'input' });
    expect(context.sources.commit).toEqual({ from: 'input' });
  });

  it('asks for the branch input when the event names no branch', async () => {
    const run = resolveRunContext(
      input({ eventName: 'workflow_run', payload: { workflow_run: { head_sha: BUILT } } }),
    );
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toMatchObject({ hint: 'Set the `branch` input.' });
  });

  it('asks for the commit-sha input when the event names no commit, or a deleted branch', async () => {
    for (const event of [
      { eventName: 'workflow_run', payload: { workflow_run: { head_branch: 'main' } } },
      { eventName: 'push', sha: '0000000000000000000000000000000000000000' },
    ]) {
      await expect(resolveRunContext(input(event))).rejects.toMatchObject({
        hint: 'Set the `commit-sha` input.',
      });
    }
  });

  it('refuses a commit-sha input that is not a hash', async () => {
    await expect(resolveRunContext(input({ inputs: { commitSha: 'main' } }))).rejects.toThrow(
      'The commit-sha input "main" is not a commit hash',
    );
  });
});

describe('resolveRunContext: project, package version, image', () => {
  it('takes the project from the input, else the config, else the repository name', async () => {
    const configured = parseConfig('project: from-config\n', '.acme-portal.yml', {}).config;
    expect(
      (await resolveRunContext(input({ inputs: { project: 'from-input' }, config: configured }))).project,
    ).toBe('from-input');
    const fromConfig = await resolveRunContext(input({ config: configured }));
    expect([fromConfig.project, fromConfig.sources.project]).toEqual(['from-config', { from: 'config' }]);
    const fromRepo = await resolveRunContext(input({}));
    expect([fromRepo.project, fromRepo.sources.project]).toEqual([
      'acme-prefect',
      { from: 'repository', detail: 'acme/acme-prefect' },
    ]);
  });

  it('reads the package version from the repository unless given', async () => {
    const read = await resolveRunContext(input({}));
    expect(read.packageVersion).toBe('1.4.0');
    expect(read.sources.packageVersion).toEqual({ from: 'file', detail: 'pyproject.toml [project].version' });
    expect((await resolveRunContext(input({ inputs: { packageVersion: '9.9' } }))).packageVersion).toBe(
      '9.9',
    );
  });

  it('requires a package version for deploy, with the fix', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'portal-context-empty-'));
    try {
      await expect(resolveRunContext(input({ repoRoot: empty }))).rejects.toThrow(ConfigurationError);
      await expect(resolveRunContext(input({ repoRoot: empty }))).rejects.toMatchObject({
        hint: 'Give the `package-version` input, or add a static version to pyproject.toml.',
      });
      const promote = await resolveRunContext(input({ repoRoot: empty, requirePackageVersion: false }));
      expect(promote.packageVersion).toBeNull();
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('fills placeholders in the image input, tag-safe', async () => {
    const context = await resolveRunContext(
      input({
        ref: 'refs/heads/feature/x',
        sha: BUILT,
        env: 'dev',
        inputs: { image: 'ghcr.io/acme/etl:{branch}-{short_commit}-{env}' },
      }),
    );
    expect(context.image).toBe('ghcr.io/acme/etl:feature-x-aaaaaaaa-dev');
    expect(context.sources.image).toEqual({ from: 'input' });
    expect((await resolveRunContext(input({}))).image).toBeNull();
  });

  it('refuses an image input placeholder the run cannot fill, as an input error', async () => {
    await expect(resolveRunContext(input({ inputs: { image: 'etl:{env}' } }))).rejects.toThrow(InputError);
    await expect(resolveRunContext(input({ inputs: { image: 'etl:{sha}' } }))).rejects.toThrow(
      'unknown placeholder {sha}',
    );
  });
});
