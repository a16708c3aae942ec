// One deploy of the deploy benchmark, in its own process so that its peak RSS is the deploy's
// alone (the fake server runs in the parent): runDeploy against the URL given, report over IPC.
import { performance } from 'node:perf_hooks';
import { silentProgress, type Progress } from '@portal-actions/core';
import { runDeploy } from '../actions/deploy/src/deploy.js';
import { deployInputsWith } from '../actions/deploy/src/inputs.js';

export interface DeployRunRequest {
  projectDir: string;
  apiUrl: string;
  env: string;
  concurrency: number;
}

export interface DeployRunReport {
  /** runDeploy alone, in this process. */
  deployMs: number;
  /** From this process's start (Node, the TypeScript loader, module loading) to the end of the deploy. */
  sinceProcessStartMs: number;
  /** runDeploy's phases, from its progress messages: config + run context, flow scan, Prefect API work. */
  phasesMs: { setup: number; scan: number; api: number };
  /** CPU time (user + system) of this whole process. */
  cpuMs: number;
  /** Resident set size once every module is loaded, just before runDeploy, in KiB. */
  rssBeforeKiB: number;
  /** Peak resident set size of this process, in KiB. */
  maxRssKiB: number;
  statuses: Record<string, number>;
  errors: string[];
  warnings: string[];
}

/** The commit and branch the benchmark deploys, as a push to main would give them. */
const BENCH_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as DeployRunRequest;
  const warnings: string[] = [];
  const marks: { setup?: number; scan?: number } = {};
  const progress: Progress = {
    ...silentProgress,
    // The first messages close the setup and scan phases (see runDeploy).
    info: (message) => {
      if (marks.setup === undefined && message.startsWith('Deploying ')) marks.setup = performance.now();
      if (marks.scan === undefined && /^Found \d+ flows? /.test(message)) marks.scan = performance.now();
    },
    warning: (message) => warnings.push(message),
  };
  const inputs = deployInputsWith({
    env: request.env,
    'prefect-api-url': request.apiUrl,
    concurrency: request.concurrency,
  });
  const github = {
    eventName: 'push',
    payload: {},
    sha: BENCH_SHA,
    ref: 'refs/heads/main',
    repository: 'acme/bench',
    serverUrl: 'https://github.com',
    runUrl: null,
    workspace: request.projectDir,
  };
  const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
  const started = performance.now();
  const run = await runDeploy(inputs, github, {}, progress);
  const ended = performance.now();
  const cpu = process.cpuUsage();
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  for (const outcome of run.result.outcomes) {
    statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
    if (outcome.error && errors.length < 5) errors.push(`${outcome.name}: ${outcome.error}`);
  }
  const report: DeployRunReport = {
    deployMs: ended - started,
    sinceProcessStartMs: ended,
    phasesMs: {
      setup: (marks.setup ?? started) - started,
      scan: (marks.scan ?? marks.setup ?? started) - (marks.setup ?? started),
      api: ended - (marks.scan ?? marks.setup ?? started),
    },
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBeforeKiB,
    maxRssKiB: process.resourceUsage().maxRSS,
    statuses,
    errors,
    warnings: warnings.slice(0, 5),
  };
  process.send?.(report, () => process.disconnect());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
  process.disconnect?.();
});
