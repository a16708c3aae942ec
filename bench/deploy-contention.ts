// `pnpm bench:deploy --contention`: 100 and 1,000 flows into the fake Prefect, with and without
// SQLite's one write lock, per concurrency: wall time, requests, retries, 503s seen, failures.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentProgress, type PrefectClientOptions, type Progress } from '@portal-actions/core';
import { runDeploy } from '../actions/deploy/src/deploy.js';
import { deployInputsWith, type DeployInputs } from '../actions/deploy/src/inputs.js';
import { startFakePrefect, type FakePrefectOptions } from '../test/fake-prefect/index.js';
import { BENCH_WORK_POOL, writeDeployProject, type DeployProject } from './deploy-project.js';

/** As measured on a real 3.8.3 server on SQLite (observed-3.8.3.md): 200 sequential writes in
 * 4.4–5.4 s, and nearly every write that overlaps another refused. */
const CONTENDED: FakePrefectOptions = { writeLock: { busyProbability: 0.95, holdMs: 22, seed: 1 } };
/** The main benchmark's server: every answer 20 ms late, writes in parallel (Postgres, Cloud). */
const UNCONTENDED: FakePrefectOptions = { latencyMs: 20 };
const CONCURRENCIES = [1, 8, 16];
const BENCH_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

interface Row {
  flows: number;
  server: string;
  concurrency: number;
  limit: string;
  wallMs: number;
  requests: number;
  retries: number;
  seen503: number;
  lowest: number | null;
  failures: number;
  firstError?: string;
}

function inputs(url: string, concurrency: number): DeployInputs {
  return deployInputsWith({ 'prefect-api-url': url, concurrency });
}

async function measure(
  project: DeployProject,
  server: string,
  options: FakePrefectOptions,
  concurrency: number,
  adaptive: boolean,
): Promise<Row> {
  const fake = await startFakePrefect(options);
  fake.addWorkPool(BENCH_WORK_POOL, 'process');
  const progress: Progress = silentProgress;
  // Real pauses and the default budget: what a user's run does. Without the adaptive limit,
  // only the time-bounded retries remain (for comparison).
  const client: Partial<PrefectClientOptions> = adaptive ? {} : { writeLimit: undefined };
  const started = performance.now();
  try {
    const run = await runDeploy(
      inputs(fake.url, concurrency),
      {
        eventName: 'push',
        payload: {},
        sha: BENCH_SHA,
        ref: 'refs/heads/main',
        repository: 'acme/bench',
        serverUrl: 'https://github.com',
        runUrl: null,
        workspace: project.dir,
      },
      {},
      progress,
      client,
    );
    const failed = run.result.outcomes.filter((outcome) => outcome.status !== 'created');
    return {
      flows: project.flowNames.length,
      server,
      concurrency,
      limit: adaptive ? 'adaptive' : 'fixed',
      wallMs: performance.now() - started,
      requests: run.traffic.requests,
      retries: run.traffic.retries,
      seen503: run.traffic.status503,
      lowest: run.traffic.writeLimit?.lowest ?? null,
      failures: failed.length,
      ...(failed[0] ? { firstError: `${failed[0].name}: ${failed[0].error ?? failed[0].status}` } : {}),
    };
  } finally {
    await fake.close();
  }
}

function printRow(row: Row): void {
  const cells = [
    String(row.flows).padStart(5),
    row.server.padEnd(12),
    String(row.concurrency).padStart(3),
    row.limit.padEnd(8),
    `${(row.wallMs / 1000).toFixed(2)} s`.padStart(9),
    String(row.requests).padStart(6),
    String(row.retries).padStart(7),
    String(row.seen503).padStart(6),
    (row.lowest === null ? '—' : String(row.lowest)).padStart(6),
    String(row.failures).padStart(8),
  ];
  console.log(`  ${cells.join('  ')}`);
  if (row.firstError) console.log(`      first failure: ${row.firstError.slice(0, 200)}`);
}

export async function runContentionBench(benchDir: string): Promise<boolean> {
  console.log(
    'Deploy under write contention: the fake with one write lock (p(503 | overlapping write) = 0.95, 22 ms per write)\n' +
      'against the fake without it (20 ms per answer, writes in parallel). Real pauses, default 2 min budget.',
  );
  console.log(
    `  ${['flows', 'server      ', 'cc', 'limit   ', '     wall', 'reqs', 'retries', '503s', 'lowest', 'failures'].join('  ')}`,
  );
  let ok = true;
  for (const flows of [100, 1000]) {
    const project = writeDeployProject(path.join(benchDir, `contention-${flows}`), flows);
    const plan: [string, FakePrefectOptions, boolean][] = [
      ['uncontended', UNCONTENDED, true],
      ['contended', CONTENDED, true],
    ];
    // For comparison, on 100 flows: the same retries with no adaptive limit.
    if (flows === 100) plan.push(['contended', CONTENDED, false]);
    for (const [server, options, adaptive] of plan) {
      for (const concurrency of CONCURRENCIES) {
        if (!adaptive && concurrency === 1) continue;
        const row = await measure(project, server, options, concurrency, adaptive);
        printRow(row);
        if (adaptive && row.failures > 0) ok = false;
      }
    }
  }
  return ok;
}
