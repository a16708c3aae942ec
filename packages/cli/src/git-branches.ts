// The repository's branches for `cleanup --stale-branches` outside GitHub: what the `origin`
// remote has (`git ls-remote`), the same list the action reads from the GitHub API.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigurationError, type RepositoryBranches } from '@portal-actions/core';

const run = promisify(execFile);

export class GitRemoteBranches implements RepositoryBranches {
  constructor(
    private readonly cwd: string,
    private readonly remote = 'origin',
  ) {}

  private async lsRemote(args: string[]): Promise<string> {
    try {
      const { stdout } = await run('git', ['ls-remote', ...args, this.remote], {
        cwd: this.cwd,
        encoding: 'utf8',
      });
      return stdout;
    } catch (error) {
      throw new ConfigurationError(
        `git could not list the branches of the "${this.remote}" remote: ${String((error as Error).message).split('\n')[0]}`,
        {
          hint: 'Run from a clone whose origin is reachable, or name the branches with --branch instead of --stale-branches.',
        },
      );
    }
  }

  async listBranches(): Promise<string[]> {
    const out = await this.lsRemote(['--heads']);
    return out
      .split('\n')
      .map((line) => /\trefs\/heads\/(.+)$/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
  }

  async defaultBranch(): Promise<string> {
    const out = await this.lsRemote(['--symref']);
    const head = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(out)?.[1];
    if (!head) {
      throw new ConfigurationError(`The "${this.remote}" remote names no default branch (HEAD).`, {
        hint: 'Give the branches to keep with --keep-branches.',
      });
    }
    return head;
  }
}
