// `pnpm bench:deploy`: 500 and 100 generated flows into the fake Prefect at 20 ms per request (first deploy,
// re-deploy unchanged, after a change), beside a model of Prefect's Python path; exits 1 if a deploy goes wrong.
// `pnpm bench:deploy --contention`: the write-contention matrix instead (bench/deploy-contention.ts).
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startFakePrefect, type FakePrefect, type RecordedRequest } from '../test/fake-prefect/index.js';
import {
  BENCH_WORK_POOL,
  writeDeployConfig,
  writeDeployProject,
  type DeployProject,
} from './deploy-project.js';
import {
  estimatePythonPath,
  PYTHON_ASSUMPTIONS,
  PYTHON_REQUESTS_CREATE,
  PYTHON_REQUESTS_UPDATE,
  type PythonPathEstimate,
} from './deploy-python-model.js';
import { bundleBuiltAt, runBundledDeploy, type BundledDeploy } from './deploy-bundle.js';
import { runContentionBench } from './deploy-contention.js';
import type { DeployRunReport, DeployRunRequest } from './deploy-run.js';

const LATENCY_MS = 20;
const DEFAULT_CONCURRENCY = 8;
/** The server's page size for /deployments/filter: re-deploys should list once per this many. */
const PAGE_SIZE = 200;
const REPEATS_100 = 3;
const CHILD_LIMIT_MS = 60_000;
const OVERALL_LIMIT_MS = 170_000;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(repoRoot, '.bench', 'deploy-project');
const runScript = path.join(repoRoot, 'bench', 'deploy-run.ts');

interface Scenario {
  label: string;
  project: DeployProject;
  concurrency: number;
  /** Every outcome should have this status. */
  expect: 'created' | 'unchanged' | 'updated';
}

interface ScenarioResult extends Scenario {
  report: DeployRunReport;
  /** Fork to exit, as the parent saw it: Node start, TypeScript loader, modules, deploy, exit. */
  processMs: number;
  requests: number;
  /** CPU time of this process (the fake server) during the deploy. */
  fakeCpuMs: number;
  byRoute: Map<string, number>;
  nonSuccess: number;
  ok: boolean;
  note?: string;
}

const children = new Set<ChildProcess>();
const fakes = new Set<FakePrefect>();

/** Method and route with names and ids replaced, so that 500 flows fold into one line each. */
function routeOf(request: RecordedRequest): string {
  const route = request.path
    .replace(/^\/deployments\/name\/[^/]+\/[^/]+$/, '/deployments/name/{flow}/{deployment}')
    .replace(/^\/flows\/name\/[^/]+$/, '/flows/name/{name}')
    .replace(/^\/work_pools\/(?!filter$)[^/]+/, '/work_pools/{pool}')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}');
  return `${request.method} ${route}`;
}

function runChild(request: DeployRunRequest): Promise<{ report: DeployRunReport; processMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let report: DeployRunReport | undefined;
    const child = fork(runScript, [JSON.stringify(request)], {
      timeout: CHILD_LIMIT_MS,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    children.add(child);
    child.on('message', (message) => {
      report = message as DeployRunReport;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      children.delete(child);
      const processMs = performance.now() - started;
      if (report) resolve({ report, processMs });
      else reject(new Error(`the deploy process ended (code ${code}, signal ${signal}) without a report`));
    });
  });
}

async function startFake(): Promise<FakePrefect> {
  const fake = await startFakePrefect({ latencyMs: LATENCY_MS });
  fake.addWorkPool(BENCH_WORK_POOL, 'process');
  fakes.add(fake);
  return fake;
}

async function closeFake(fake: FakePrefect): Promise<void> {
  fakes.delete(fake);
  await fake.close();
}

async function runScenario(fake: FakePrefect, scenario: Scenario): Promise<ScenarioResult> {
  fake.resetRequests();
  const fakeCpu = process.cpuUsage();
  const { report, processMs } = await runChild({
    projectDir: scenario.project.dir,
    apiUrl: fake.url,
    env: 'dev',
    concurrency: scenario.concurrency,
  });
  const fakeCpuUsed = process.cpuUsage(fakeCpu);
  const byRoute = new Map<string, number>();
  for (const request of fake.requests)
    byRoute.set(routeOf(request), (byRoute.get(routeOf(request)) ?? 0) + 1);
  const flows = scenario.project.flowNames.length;
  const result: ScenarioResult = {
    ...scenario,
    report,
    processMs,
    requests: fake.requests.length,
    fakeCpuMs: (fakeCpuUsed.user + fakeCpuUsed.system) / 1000,
    byRoute,
    nonSuccess: fake.requests.filter((request) => request.status < 200 || request.status >= 300).length,
    ok: report.statuses[scenario.expect] === flows && Object.keys(report.statuses).length === 1,
  };
  printScenario(result);
  return result;
}

/** The run with the median process time, relabelled; the others are printed above it. */
function median(runs: ScenarioResult[], label: string): ScenarioResult {
  const sorted = [...runs].sort((a, b) => a.processMs - b.processMs);
  const middle = sorted[Math.floor(sorted.length / 2)]!;
  const all = runs.map((run) => seconds(run.processMs)).join(', ');
  return { ...middle, label, ok: runs.every((run) => run.ok), note: `process times ${all}` };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;
const pad = (text: string, width: number) => text.padEnd(width);
const padLeft = (text: string, width: number) => text.padStart(width);

function printScenario(result: ScenarioResult): void {
  const flows = result.project.flowNames.length;
  const statuses = Object.entries(result.report.statuses)
    .map(([status, count]) => `${count} ${status}`)
    .join(', ');
  console.log(`\n▶ ${result.label} — ${flows} flows, concurrency ${result.concurrency}`);
  console.log(
    `  measured: runDeploy ${seconds(result.report.deployMs)}, process start→end ${seconds(result.processMs)}, ` +
      `${result.requests} requests (${(result.requests / flows).toFixed(3)} per flow), peak RSS ${mib(result.report.maxRssKiB)}`,
  );
  const { setup, scan, api } = result.report.phasesMs;
  console.log(
    `  phases: config + run context ${seconds(setup)}, scan ${seconds(scan)}, Prefect API ${seconds(api)}; ` +
      `CPU: deploy process ${seconds(result.report.cpuMs)}, fake server ${seconds(result.fakeCpuMs)}; ` +
      `RSS ${mib(result.report.rssBeforeKiB)} before runDeploy`,
  );
  console.log(`  outcomes: ${statuses}${result.ok ? '' : `  ✗ expected all ${result.expect}`}`);
  if (result.nonSuccess > 0) console.log(`  ✗ ${result.nonSuccess} answers were not 2xx`);
  for (const error of result.report.errors) console.log(`  error: ${error}`);
  for (const warning of result.report.warnings) console.log(`  warning: ${warning}`);
  const routes = [...result.byRoute].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [route, count] of routes) console.log(`    ${padLeft(String(count), 5)}  ${route}`);
}

function printTable(results: ScenarioResult[]): void {
  const header = [
    pad('scenario', 40),
    padLeft('flows', 5),
    padLeft('conc', 4),
    padLeft('runDeploy', 10),
    padLeft('process', 9),
    padLeft('scan', 7),
    padLeft('API', 7),
    padLeft('requests', 8),
    padLeft('req/flow', 8),
    padLeft('peak RSS', 8),
    '  outcome',
  ].join(' ');
  console.log(`\n${header}\n${'-'.repeat(header.length + 8)}`);
  for (const result of results) {
    const flows = result.project.flowNames.length;
    console.log(
      [
        pad(result.label, 40),
        padLeft(String(flows), 5),
        padLeft(String(result.concurrency), 4),
        padLeft(seconds(result.report.deployMs), 10),
        padLeft(seconds(result.processMs), 9),
        padLeft(seconds(result.report.phasesMs.scan), 7),
        padLeft(seconds(result.report.phasesMs.api), 7),
        padLeft(String(result.requests), 8),
        padLeft((result.requests / flows).toFixed(3), 8),
        padLeft(mib(result.report.maxRssKiB), 8),
        `  ${result.ok ? `all ${result.expect}` : `✗ ${JSON.stringify(result.report.statuses)}`}`,
      ].join(' '),
    );
  }
}

/** One measured figure of ours set beside the model. */
interface OurFigure {
  label: string;
  ms: number;
  requests: number;
  detail: string;
}

function printPythonModel(ours: { first: OurFigure[]; redeploy: OurFigure[] }): void {
  const create = estimatePythonPath(100, LATENCY_MS, 'create');
  const update = estimatePythonPath(100, LATENCY_MS, 'update');
  console.log("\nPrefect's own Python path for 100 flows — MODELLED, not measured (no Python/PyPI here).");
  console.log(
    'Per flow, one sequential flow.deploy() (Prefect 3.x SDK source, PrefectHQ/prefect src/prefect):',
  );
  console.log(`  first deploy (deployment absent): ${PYTHON_REQUESTS_CREATE.length} requests`);
  for (const step of PYTHON_REQUESTS_CREATE) console.log(`    ${pad(step.request, 54)} ${step.source}`);
  console.log(
    `  re-deploy (deployment exists; the SDK always PATCHes, changed or not): ${PYTHON_REQUESTS_UPDATE.length} requests`,
  );
  for (const step of PYTHON_REQUESTS_UPDATE.slice(PYTHON_REQUESTS_CREATE.length - 4))
    console.log(`    ${pad(step.request, 54)} ${step.source}`);
  console.log(
    '  Not counted (would only add to the Python side): one new connection (TCP + TLS) per get_client(),',
  );
  console.log(
    '  3-4 per flow; server processing time beyond the 20 ms latency; docker build (acme-portal-sdk passes build=False).',
  );
  console.log('Assumptions (low..high):');
  for (const assumption of Object.values(PYTHON_ASSUMPTIONS)) {
    console.log(
      `  ${pad(assumption.name, 92)} ${padLeft(`${assumption.lowMs}..${assumption.highMs} ms`, 16)}  [${assumption.basis}]`,
    );
  }
  const line = (label: string, estimate: PythonPathEstimate, ours: OurFigure[]) => {
    console.log(`\n  ${label}`);
    console.log(
      `    Python path, MODELLED: API ${estimate.flows} x ${estimate.requestsPerFlow} x ${LATENCY_MS} ms = ${seconds(estimate.apiMs)} ` +
        `(${estimate.flows * estimate.requestsPerFlow} requests); fresh runner ${seconds(estimate.lowMs)}..${seconds(estimate.highMs)}; ` +
        `environment already installed ${seconds(estimate.warmLowMs)}..${seconds(estimate.warmHighMs)}`,
    );
    for (const figure of ours) {
      const ms = figure.ms;
      console.log(
        `    ours, MEASURED, ${figure.label}: ${seconds(ms)}, ${figure.requests} requests (${figure.detail})`,
      );
      console.log(
        `      ratio ours / Python: fresh runner ${(ms / estimate.lowMs).toFixed(4)}..${(ms / estimate.highMs).toFixed(4)} ` +
          `(1/${Math.round(estimate.lowMs / ms)}..1/${Math.round(estimate.highMs / ms)}); ` +
          `installed ${(ms / estimate.warmLowMs).toFixed(4)}..${(ms / estimate.warmHighMs).toFixed(4)}; ` +
          `vs the modelled API time alone ${(ms / estimate.apiMs).toFixed(4)}`,
      );
    }
  };
  line('100 flows, first deploy', create, ours.first);
  line('100 flows, re-deploy with nothing changed', update, ours.redeploy);
}

function printGoals(results: ScenarioResult[], ours: OurFigure[]): void {
  console.log('\nGoals');
  const first = estimatePythonPath(100, LATENCY_MS, 'create');
  for (const figure of ours) {
    const worst = figure.ms / first.lowMs;
    console.log(
      `  100 flows at most 1/10 of the Python path (${figure.label}; fresh runner, least favourable end of the model): ` +
        `${worst.toFixed(4)} ${worst <= 0.1 ? '✓' : '✗'}`,
    );
  }
  for (const result of results.filter((each) => each.expect === 'unchanged')) {
    const flows = result.project.flowNames.length;
    const lists = result.byRoute.get('POST /deployments/filter') ?? 0;
    const fixed =
      (result.byRoute.get('GET /admin/version') ?? 0) + (result.byRoute.get('GET /work_pools/{pool}') ?? 0);
    const perFlow = result.requests - lists - fixed;
    const expectedLists = Math.ceil(flows / PAGE_SIZE);
    console.log(
      `  re-deploy of ${flows} unchanged: ${lists} list requests (one per ${PAGE_SIZE}: ${expectedLists}) + ${fixed} fixed ` +
        `(server version, work pool) + ${perFlow} per-flow requests ${lists <= expectedLists && perFlow === 0 ? '✓' : '✗'}`,
    );
  }
  const failed = results.filter((result) => !result.ok || result.nonSuccess > 0);
  console.log(
    `  every scenario ended with the expected outcome: ${failed.length === 0 ? '✓' : `✗ (${failed.map((r) => r.label).join(', ')})`}`,
  );
  if (failed.length > 0) process.exitCode = 1;
}

async function main(): Promise<void> {
  const started = performance.now();
  if (process.argv.includes('--contention')) {
    clearTimeout(watchdog);
    const ok = await runContentionBench(benchDir);
    console.log(
      `\nContention benchmark finished in ${seconds(performance.now() - started)}; no failure with the adaptive limit: ${ok ? '✓' : '✗'}`,
    );
    if (!ok) process.exitCode = 1;
    return;
  }
  console.log(`Deploy benchmark: fake Prefect 3.8.3 on 127.0.0.1, ${LATENCY_MS} ms added to every answer.`);
  console.log(
    `Each deploy runs in its own process (tsx) so that its peak RSS is its own; the fake runs in this one.`,
  );
  const project500 = writeDeployProject(path.join(benchDir, 'flows-500'), 500);
  const project100 = writeDeployProject(path.join(benchDir, 'flows-100'), 100);
  console.log(
    `Projects: ${project500.dir} (500 flows, ${project500.scheduledInDev} scheduled in dev), ${project100.dir} (100 flows), written in ${seconds(performance.now() - started)}.`,
  );

  // The fake runs in this process: warm its code up so that (a) does not pay for its JIT.
  // Every deploy process is cold, as a real action run is.
  let fake = await startFake();
  const warmUp = await runChild({
    projectDir: project100.dir,
    apiUrl: fake.url,
    env: 'dev',
    concurrency: DEFAULT_CONCURRENCY,
  });
  console.log(
    `Warm-up of the fake server (not counted): 100 flows deployed in ${seconds(warmUp.processMs)}.`,
  );
  await closeFake(fake);

  const results: ScenarioResult[] = [];
  fake = await startFake();
  results.push(
    await runScenario(fake, {
      label: '(a) first deploy',
      project: project500,
      concurrency: DEFAULT_CONCURRENCY,
      expect: 'created',
    }),
  );
  results.push(
    await runScenario(fake, {
      label: '(b) re-deploy, nothing changed',
      project: project500,
      concurrency: DEFAULT_CONCURRENCY,
      expect: 'unchanged',
    }),
  );
  writeDeployConfig(project500, '2');
  results.push(
    await runScenario(fake, {
      label: '(c) re-deploy, one value changed',
      project: project500,
      concurrency: DEFAULT_CONCURRENCY,
      expect: 'updated',
    }),
  );
  writeDeployConfig(project500, '1');
  await closeFake(fake);

  for (const concurrency of [16, 32]) {
    fake = await startFake();
    results.push(
      await runScenario(fake, {
        label: `(a) first deploy, concurrency ${concurrency}`,
        project: project500,
        concurrency,
        expect: 'created',
      }),
    );
    await closeFake(fake);
  }

  // The 100-flow figures are the ones compared with the Python path: the median of a few runs.
  const firsts: ScenarioResult[] = [];
  const redeploys: ScenarioResult[] = [];
  for (let run = 1; run <= REPEATS_100; run++) {
    fake = await startFake();
    firsts.push(
      await runScenario(fake, {
        label: `(d) first deploy, run ${run}`,
        project: project100,
        concurrency: DEFAULT_CONCURRENCY,
        expect: 'created',
      }),
    );
    redeploys.push(
      await runScenario(fake, {
        label: `(d) re-deploy unchanged, run ${run}`,
        project: project100,
        concurrency: DEFAULT_CONCURRENCY,
        expect: 'unchanged',
      }),
    );
    await closeFake(fake);
  }
  const first100 = median(firsts, `(d) first deploy, median of ${REPEATS_100}`);
  const redeploy100 = median(redeploys, `(d) re-deploy unchanged, median of ${REPEATS_100}`);
  results.push(first100, redeploy100);

  const bundled = await runBundledAction(project100);

  const viaTsx = (result: ScenarioResult): OurFigure => ({
    label: 'runDeploy in its own tsx process, start to end',
    ms: result.processMs,
    requests: result.requests,
    detail: `runDeploy itself ${seconds(result.report.deployMs)}; the rest is Node + tsx start-up and loading TypeScript`,
  });
  const ours = {
    first: [viaTsx(first100), ...(bundled ? [bundled.first] : [])],
    redeploy: [viaTsx(redeploy100), ...(bundled ? [bundled.redeploy] : [])],
  };
  printPythonModel(ours);
  console.log(
    '\nMEASURED (runDeploy: the call alone = config + scan + API; process: fork to exit, incl. Node + tsx start-up and module loading)',
  );
  printTable(results);
  for (const result of results) if (result.note) console.log(`  ${result.label}: ${result.note}`);
  if (bundled) {
    console.log(
      `  (e) the bundled action, node dist/index.js, 100 flows, concurrency ${DEFAULT_CONCURRENCY}, median of ${REPEATS_100}: ` +
        `first deploy ${seconds(bundled.first.ms)} (${bundled.first.requests} requests, ${bundled.first.detail}), ` +
        `re-deploy unchanged ${seconds(bundled.redeploy.ms)} (${bundled.redeploy.requests} requests, ${bundled.redeploy.detail})`,
    );
  }
  printGoals(results, ours.first);
  console.log(
    `\nBenchmark finished in ${seconds(performance.now() - started)} on ${(await import('node:os')).cpus().length} CPUs, Node ${process.version}.`,
  );
}

/**
 * The shipped artifact on 100 flows, first deploy and re-deploy, when it has been built: plain
 * Node, the ncc bundle, outputs and job summary written. Median of REPEATS_100 runs.
 */
async function runBundledAction(
  project: DeployProject,
): Promise<{ first: OurFigure; redeploy: OurFigure } | null> {
  const builtAt = bundleBuiltAt(repoRoot);
  if (!builtAt) {
    console.log('\n(e) bundled action: actions/deploy/dist/index.js is not built (`pnpm build`); skipped.');
    return null;
  }
  console.log(
    `\n▶ (e) the bundled action, node actions/deploy/dist/index.js (built ${builtAt.toISOString()}), 100 flows`,
  );
  const runs: {
    first: BundledDeploy;
    redeploy: BundledDeploy;
    firstRequests: number;
    redeployRequests: number;
  }[] = [];
  for (let run = 1; run <= REPEATS_100; run++) {
    const fake = await startFake();
    const deploy = async () => {
      fake.resetRequests();
      const result = await runBundledDeploy({
        repoRoot,
        projectDir: project.dir,
        apiUrl: fake.url,
        concurrency: DEFAULT_CONCURRENCY,
        workDir: path.join(benchDir, 'bundled-run'),
        limitMs: CHILD_LIMIT_MS,
        track: (child) => {
          children.add(child);
          child.on('exit', () => children.delete(child));
        },
      });
      return { result, requests: fake.requests.length };
    };
    const first = await deploy();
    const redeploy = await deploy();
    await closeFake(fake);
    runs.push({
      first: first.result,
      redeploy: redeploy.result,
      firstRequests: first.requests,
      redeployRequests: redeploy.requests,
    });
    const describe = (label: string, result: BundledDeploy, requests: number) =>
      `${label} ${seconds(result.processMs)}, ${requests} requests, outputs created=${result.outputs.created} ` +
      `unchanged=${result.outputs.unchanged} failed=${result.outputs.failed}, peak RSS ${mib(result.maxRssKiB)}`;
    console.log(
      `  run ${run}: ${describe('first deploy', first.result, first.requests)}; ${describe('re-deploy', redeploy.result, redeploy.requests)}`,
    );
    if (first.result.outputs.created !== '100' || redeploy.result.outputs.unchanged !== '100') {
      console.log('  ✗ expected 100 created, then 100 unchanged');
      process.exitCode = 1;
    }
  }
  const middle = <T>(items: T[], key: (item: T) => number): T =>
    [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)]!;
  const first = middle(runs, (run) => run.first.processMs);
  const redeploy = middle(runs, (run) => run.redeploy.processMs);
  const label = `the bundled action, node dist/index.js, start to end (median of ${REPEATS_100})`;
  return {
    first: {
      label,
      ms: first.first.processMs,
      requests: first.firstRequests,
      detail: `peak RSS ${mib(first.first.maxRssKiB)}`,
    },
    redeploy: {
      label,
      ms: redeploy.redeploy.processMs,
      requests: redeploy.redeployRequests,
      detail: `peak RSS ${mib(redeploy.redeploy.maxRssKiB)}`,
    },
  };
}

async function cleanUp(): Promise<void> {
  for (const child of children) child.kill();
  await Promise.all([...fakes].map((fake) => fake.close()));
}

const watchdog = setTimeout(() => {
  console.error(`\nDeploy benchmark stopped: it ran longer than ${OVERALL_LIMIT_MS / 1000} s.`);
  void cleanUp().finally(() => process.exit(2));
}, OVERALL_LIMIT_MS);
watchdog.unref();

main()
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(async () => {
    clearTimeout(watchdog);
    await cleanUp();
  });
