// Runs the acme-portal CLI as a person or another CI system does: a child process in a git
// checkout, nothing of this process's environment but PATH and HOME (no PREFECT_*, no GITHUB_*).
// It runs the TypeScript entry through tsx, so `pnpm test` needs no build first.
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './example-project.js';

export const CLI_ENTRY = join(REPO_ROOT, 'packages', 'cli', 'src', 'index.ts');
const TSX_LOADER = pathToFileURL(join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

export interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, CLI_ENTRY, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/** Makes `folder` a git repository with one commit on `branch`; returns the commit's SHA. */
export function gitCommitAll(folder: string, branch: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args], {
      cwd: folder,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  git('init', '--quiet', `--initial-branch=${branch}`);
  git('add', '--all');
  git('commit', '--quiet', '--message', 'e2e');
  return git('rev-parse', 'HEAD');
}

export function gitDetach(folder: string): void {
  execFileSync('git', ['checkout', '--quiet', '--detach'], { cwd: folder, stdio: 'ignore' });
}

/**
 * Gives `folder` an `origin`: a bare repository holding only `branch` (HEAD there), as a remote
 * whose other branches were merged and deleted. It sits inside `.git`, so it goes with the folder.
 */
export function gitBareOrigin(folder: string, branch: string): string {
  const origin = join(folder, '.git', 'e2e-origin.git');
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git(folder, 'init', '--quiet', '--bare', `--initial-branch=${branch}`, origin);
  git(folder, 'remote', 'add', 'origin', origin);
  git(folder, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
  return origin;
}
