// The fake GitHub API answers Octokit (the client the actions use) as GitHub does: pagination through
// Link headers, tokens and permissions, comments, branches, compare and deployments.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openGitHubApi } from '@portal-actions/runner';

import { startFakeGitHub, type FakeGitHub } from '../index.js';

let github: FakeGitHub;

beforeEach(async () => {
  github = await startFakeGitHub({
    tokens: {
      'test-token': {},
      'fork-token': { permissions: { pull_requests: 'read', deployments: 'read' } },
    },
  });
  github.addRepository('acme/etl', {
    commits: ['a1', 'b2', 'c3', 'd4'].map((short) => ({
      sha: short.repeat(20),
      message: `Change ${short}\n\nbody`,
    })),
    branches: { 'feature/x': 'b2'.repeat(20), stale: 'a1'.repeat(20) },
  });
});

afterEach(async () => {
  await github.close();
});

describe('fake GitHub API', () => {
  it('pages comments through Link headers and updates one in place', async () => {
    const api = openGitHubApi('test-token', { GITHUB_API_URL: github.url });
    for (let index = 0; index < 45; index += 1) {
      await api.rest.issues.createComment({
        owner: 'acme',
        repo: 'etl',
        issue_number: 7,
        body: `comment ${index}`,
      });
    }
    const firstPage = await api.rest.issues.listComments({ owner: 'acme', repo: 'etl', issue_number: 7 });
    expect(firstPage.data).toHaveLength(30);
    expect(firstPage.headers.link).toContain('rel="next"');
    const all = await api.paginate(api.rest.issues.listComments, {
      owner: 'acme',
      repo: 'etl',
      issue_number: 7,
      per_page: 100,
    });
    expect(all.map((comment) => comment.body)).toEqual(
      Array.from({ length: 45 }, (_, index) => `comment ${index}`),
    );
    await api.rest.issues.updateComment({
      owner: 'acme',
      repo: 'etl',
      comment_id: all[44]!.id,
      body: 'edited',
    });
    expect(github.repository('acme/etl').comments.at(-1)?.body).toBe('edited');
    expect(github.repository('acme/etl').comments).toHaveLength(45);
  });

  it('refuses writes a token may not make with 403, and unknown tokens with 401', async () => {
    const fork = openGitHubApi('fork-token', { GITHUB_API_URL: github.url });
    await expect(
      fork.rest.issues.createComment({ owner: 'acme', repo: 'etl', issue_number: 7, body: 'x' }),
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    const stranger = openGitHubApi('nope', { GITHUB_API_URL: github.url });
    await expect(stranger.rest.repos.get({ owner: 'acme', repo: 'etl' })).rejects.toMatchObject({
      status: 401,
    });
  });

  it('lists branches and compares two commits oldest first', async () => {
    const api = openGitHubApi('test-token', { GITHUB_API_URL: github.url });
    const branches = await api.paginate(api.rest.repos.listBranches, {
      owner: 'acme',
      repo: 'etl',
      per_page: 2,
    });
    expect(branches.map((branch) => branch.name)).toEqual(['feature/x', 'main', 'stale']);
    const { data } = await api.rest.repos.compareCommitsWithBasehead({
      owner: 'acme',
      repo: 'etl',
      basehead: `${'a1'.repeat(20)}...${'d4'.repeat(20)}`,
    });
    expect(data.status).toBe('ahead');
    expect(data.commits.map((commit) => commit.commit.message.split('\n')[0])).toEqual([
      'Change b2',
      'Change c3',
      'Change d4',
    ]);
    await expect(
      api.rest.repos.compareCommitsWithBasehead({ owner: 'acme', repo: 'etl', basehead: 'nope...main' }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('records a deployment and its statuses', async () => {
    const api = openGitHubApi('test-token', { GITHUB_API_URL: github.url });
    const created = await api.rest.repos.createDeployment({
      owner: 'acme',
      repo: 'etl',
      ref: 'c3'.repeat(20),
      environment: 'dev',
      auto_merge: false,
      required_contexts: [],
      payload: { deployments: ['x'] },
    });
    expect(created.status).toBe(201);
    const id = (created.data as { id: number }).id;
    await api.rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo: 'etl',
      deployment_id: id,
      state: 'in_progress',
    });
    await api.rest.repos.createDeploymentStatus({
      owner: 'acme',
      repo: 'etl',
      deployment_id: id,
      state: 'success',
      environment_url: 'http://prefect/ui',
    });
    const record = github.repository('acme/etl').deployments[0]!;
    expect(record).toMatchObject({ environment: 'dev', auto_merge: false, required_contexts: [] });
    expect(record.statuses.map((status) => status.state)).toEqual(['in_progress', 'success']);
    await expect(
      api.rest.repos.createDeploymentStatus({
        owner: 'acme',
        repo: 'etl',
        deployment_id: id,
        state: 'bogus' as 'success',
      }),
    ).rejects.toMatchObject({ status: 422 });
  });
});
