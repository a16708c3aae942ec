import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@portal-actions/core';
import { machineFacts } from '../src/machine-facts.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const path = realpathSync(mkdtempSync(join(tmpdir(), 'cli-facts-')));
  folders.push(path);
  return path;
}

function repository(branch: string): { root: string; sha: string } {
  const root = folder();
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
  git('init', '--quiet', `--initial-branch=${branch}`);
  writeFileSync(join(root, 'a.txt'), 'a');
  git('add', '--all');
  git('commit', '--quiet', '-m', 'a');
  git('remote', 'add', 'origin', 'git@github.com:acme/widgets.git');
  execFileSync('mkdir', ['-p', join(root, 'sub', 'dir')]);
  return { root, sha: git('rev-parse', 'HEAD') };
}

const none = { branch: '', commit: '' };
const deployNeeds = { branch: true, commit: true };

describe('machine facts from git', () => {
  it('reads the root, branch, commit and repository from a subfolder of a clone', async () => {
    const { root, sha } = repository('feature/login');
    const facts = await machineFacts(join(root, 'sub', 'dir'), deployNeeds, none);
    expect(facts).toMatchObject({
      workspace: root,
      ref: 'refs/heads/feature/login',
      sha,
      repository: 'acme/widgets',
    });
  });

  it('a detached HEAD: an error naming it and the flag, unless --branch is given', async () => {
    const { root, sha } = repository('main');
    execFileSync('git', ['checkout', '--quiet', '--detach'], { cwd: root });
    const error = await machineFacts(root, deployNeeds, none).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).describe()).toMatch(
      new RegExp(
        `^HEAD is detached at ${sha.slice(0, 7)}.*Pass --branch: in GitLab CI --branch "\\$CI_COMMIT_REF_NAME"`,
      ),
    );
    expect((await machineFacts(root, deployNeeds, { branch: 'main', commit: '' })).sha).toBe(sha);
  });

  it('outside a repository: the current folder, when the flags give branch and commit', async () => {
    const plain = folder();
    const facts = await machineFacts(plain, deployNeeds, { branch: 'main', commit: 'abcdef1' });
    expect(facts.workspace).toBe(plain);
    expect(facts.repository).toMatch(/^local\/cli-facts-/);
    const error = (await machineFacts(plain, deployNeeds, { branch: 'main', commit: '' }).catch(
      (caught: unknown) => caught,
    )) as ConfigurationError;
    expect(error.describe()).toContain('is not inside a git repository');
    expect(error.describe()).toContain('pass --commit-sha');
  });

  it('asks git nothing it does not need: find-flows runs in a folder that is no repository', async () => {
    const plain = folder();
    expect((await machineFacts(plain, { branch: false, commit: false }, none)).workspace).toBe(plain);
  });
});
