// Runs the built deploy action (actions/deploy/dist/index.js) as the runner would: plain Node,
// inputs as INPUT_* variables, outputs and summary to files; the shipped artifact, end to end.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface BundledDeploy {
  /** Spawn to exit: Node start-up, loading the bundle, the deploy, outputs and job summary. */
  processMs: number;
  maxRssKiB: number;
  /** The action's scalar outputs (created, updated, unchanged, deleted, failed). */
  outputs: Record<string, string>;
}

export function bundlePath(repoRoot: string): string {
  return path.join(repoRoot, 'actions', 'deploy', 'dist', 'index.js');
}

export function bundleBuiltAt(repoRoot: string): Date | null {
  const file = bundlePath(repoRoot);
  return existsSync(file) ? statSync(file).mtime : null;
}

/** `name<<delimiter` blocks of a GITHUB_OUTPUT file. */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  if (!existsSync(file)) return outputs;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let index = 0; index < lines.length; index++) {
    const header = /^([^<]+)<<(.+)$/.exec(lines[index]!);
    if (!header) continue;
    const value: string[] = [];
    for (index++; index < lines.length && lines[index] !== header[2]; index++) value.push(lines[index]!);
    outputs[header[1]!] = value.join('\n');
  }
  return outputs;
}

export function runBundledDeploy(options: {
  repoRoot: string;
  projectDir: string;
  apiUrl: string;
  concurrency: number;
  /** Scratch folder for the output, summary and RSS files. */
  workDir: string;
  limitMs: number;
  /** Told of the process, so that a caller can stop it. */
  track?: (child: ChildProcess) => void;
}): Promise<BundledDeploy> {
  const { workDir } = options;
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  const outputFile = path.join(workDir, 'output');
  const rssFile = path.join(workDir, 'max-rss');
  // Preloaded into the action's process: its peak RSS, written as it exits.
  const probe = path.join(workDir, 'rss-probe.cjs');
  writeFileSync(
    probe,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  // The runner creates both files before the step starts; @actions/core refuses to write otherwise.
  const summaryFile = path.join(workDir, 'summary.md');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.projectDir,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_REPOSITORY: 'acme/bench',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    INPUT_ENV: 'dev',
    INPUT_FLOWS: 'all',
    'INPUT_PREFECT-API-URL': options.apiUrl,
    INPUT_CONCURRENCY: String(options.concurrency),
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--require', probe, bundlePath(options.repoRoot)], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.limitMs,
    });
    options.track?.(child);
    // The job log: only its end is kept, for the error message.
    let log = '';
    const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-2000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const processMs = performance.now() - started;
      if (code !== 0) {
        reject(
          new Error(
            `the bundled action ended with code ${code}, signal ${signal}; the end of its log:\n${log}`,
          ),
        );
        return;
      }
      resolve({
        processMs,
        maxRssKiB: existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : 0,
        outputs: readOutputs(outputFile),
      });
    });
  });
}
