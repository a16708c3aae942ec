// The facts a GitHub run hands an action, read from the machine instead: the repository root,
// branch and commit from git (flags win), the repository's name from its origin remote.
import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { promisify } from 'node:util';
import { ConfigurationError } from '@portal-actions/core';
import type { GitHubRun } from '@portal-actions/runner';
import type { FactNeeds } from './commands/action-command.js';

const run = promisify(execFile);

/** git's answer, or null when git fails (not a repository, no commit yet, no such ref, no git). */
async function git(cwd: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run('git', args, { cwd, encoding: 'utf8' });
    return stdout.trim();
  } catch {
    return null;
  }
}

/** `owner/name` from an origin URL (https, ssh or scp-like), as GITHUB_REPOSITORY reads. */
export function repositoryFromRemote(url: string): string | null {
  const match = /[:/]([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url.trim());
  return match ? `${match[1]}/${match[2]}` : null;
}

const CI_BRANCH_HINT =
  'Pass --branch: in GitLab CI --branch "$CI_COMMIT_REF_NAME", in Jenkins --branch "$BRANCH_NAME" (multibranch) or "${GIT_BRANCH#origin/}".';

export interface FlagFacts {
  /** `--branch` as given ('' when not). */
  branch: string;
  /** `--commit-sha` as given ('' when not). */
  commit: string;
}

/** The run facts for `needs`, from git in `cwd` unless the flags give them. */
export async function machineFacts(cwd: string, needs: FactNeeds, flags: FlagFacts): Promise<GitHubRun> {
  const toplevel = await git(cwd, ['rev-parse', '--show-toplevel']);
  const branchNeeded = needs.branch && flags.branch === '';
  const commitNeeded = needs.commit && flags.commit === '';
  if (toplevel === null && (branchNeeded || commitNeeded)) {
    const missing = [branchNeeded ? '--branch' : '', commitNeeded ? '--commit-sha' : ''].filter(Boolean);
    throw new ConfigurationError(
      `${cwd} is not inside a git repository (or git is not installed), so git cannot name the ${branchNeeded ? 'branch' : 'commit'}.`,
      {
        hint: `Run from a clone, or pass ${missing.join(' and ')} (paths are then relative to the current directory).`,
      },
    );
  }
  const workspace = toplevel ?? cwd;
  let branch = '';
  if (toplevel !== null && branchNeeded) {
    branch = (await git(workspace, ['symbolic-ref', '--quiet', '--short', 'HEAD'])) ?? '';
    if (branch === '') {
      const at = await git(workspace, ['rev-parse', '--short', 'HEAD']);
      throw new ConfigurationError(
        `HEAD is detached${at ? ` at ${at}` : ''}: git names no branch to deploy under (CI systems check out a commit, not a branch).`,
        { hint: CI_BRANCH_HINT },
      );
    }
  }
  let sha = '';
  if (toplevel !== null && commitNeeded) {
    sha = (await git(workspace, ['rev-parse', '--verify', '--quiet', 'HEAD'])) ?? '';
    if (sha === '') {
      throw new ConfigurationError(
        `The repository at ${workspace} has no commit yet: there is nothing to deploy.`,
        {
          hint: 'Commit first, or pass --commit-sha.',
        },
      );
    }
  }
  const remote = toplevel === null ? null : await git(workspace, ['remote', 'get-url', 'origin']);
  return {
    eventName: 'command-line',
    payload: {},
    sha,
    ref: branch ? `refs/heads/${branch}` : '',
    ...(branch ? { refName: branch } : {}),
    repository: (remote && repositoryFromRemote(remote)) || `local/${basename(workspace)}`,
    serverUrl: 'https://github.com',
    runUrl: null,
    workspace,
  };
}
