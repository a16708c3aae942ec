// Deploy against a busy server (fake only): SQLite's one write lock answers 503 to writes that
// overlap, as a real 3.8.3 server does; the run slows its writes down and every deployment lands.
// A server that never stops answering 503 fails each deployment, within the time budget.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { PrefectClientOptions } from '@portal-actions/core';
import { DEFAULT_BUSY_BUDGET_MS } from '@portal-actions/core';
import { runDeploy } from '../../../actions/deploy/src/deploy.js';
import { deploySummary } from '../../../actions/deploy/src/deploy-summary.js';
import { deployInputsWith, type DeployInputs } from '../../../actions/deploy/src/inputs.js';
import { BENCH_WORK_POOL, writeDeployProject } from '../../../bench/deploy-project.js';
import { startFakePrefect, type FakePrefect, type FakePrefectOptions } from '../../fake-prefect/index.js';
import { deploy, newScenario, NO_WAIT_RETRIES, promote, recordingProgress } from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { EXAMPLE_POOL } from '../prefect-under-test.js';

let fake: FakePrefect | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  removeExampleCopies();
});

async function busyServer(options: FakePrefectOptions): Promise<FakePrefect> {
  fake = await startFakePrefect(options);
  fake.addWorkPool(BENCH_WORK_POOL, 'process');
  return fake;
}

function project(flows: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'portal-contention-'));
  dirs.push(dir);
  writeDeployProject(dir, flows);
  return dir;
}

function deployInputs(url: string, concurrency: number): DeployInputs {
  return deployInputsWith({ 'prefect-api-url': url, concurrency });
}

function run(dir: string, url: string, concurrency: number, progress = recordingProgress(), client = {}) {
  const github = {
    eventName: 'push',
    payload: {},
    sha: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    ref: 'refs/heads/main',
    repository: 'acme/bench',
    serverUrl: 'https://github.com',
    runUrl: null,
    workspace: dir,
  };
  const options: Partial<PrefectClientOptions> = { ...NO_WAIT_RETRIES, ...client };
  return runDeploy(deployInputs(url, concurrency), github, {}, progress, options);
}

describe('a server whose database takes one write at a time', () => {
  it.each([8, 16])('deploys 100 flows at concurrency %i with no failure', async (concurrency) => {
    // As measured: most overlapping writes refused; each write holds the lock (shortened here).
    const server = await busyServer({ writeLock: { busyProbability: 0.95, holdMs: 2, seed: concurrency } });
    const progress = recordingProgress();

    const deployed = await run(project(100), server.url, concurrency, progress);

    const statuses = deployed.result.outcomes.map((outcome) => outcome.status);
    expect(statuses).toEqual(Array(100).fill('created'));
    expect(server.state.deployments.size).toBe(100);
    // The lock did refuse writes, and the run saw every refusal and slowed down.
    const refused = server.writeLock!.refused;
    expect(refused).toBeGreaterThan(0);
    expect(deployed.traffic.status503).toBe(refused);
    expect(deployed.traffic.writeLimit).toMatchObject({ ceiling: concurrency });
    expect(deployed.traffic.writeLimit!.lowest).toBeLessThan(concurrency);
    expect(progress.infos).toContainEqual(
      expect.stringMatching(
        /^Prefect is busy \(503 Service Unavailable, as a Prefect server on SQLite answers while its database is locked\); writing \d+ at a time$/,
      ),
    );
    expect(deployed.traffic.requests).toBe(server.requests.length);

    const summary = deploySummary(deployed.result, {
      env: 'dev',
      project: deployed.context.project,
      branch: deployed.context.branch,
      commit: deployed.context.commit,
      packageVersion: deployed.context.packageVersion ?? '',
      dryRun: false,
      manifestPath: null,
      traffic: deployed.traffic,
    });
    expect(summary).toContain(
      `Prefect requests: ${deployed.traffic.requests} (${deployed.traffic.retries} retries; 503 ×${refused}, 429 ×0, timeouts ×0).`,
    );
    expect(summary).toMatch(/Prefect was busy: writes slowed to \d+ at a time \(of \d+\)\./);
  });

  it('without contention the limit stays at the ceiling and the summary says nothing slowed', async () => {
    const server = await busyServer({});
    const deployed = await run(project(20), server.url, 8);
    expect(deployed.result.outcomes.every((outcome) => outcome.status === 'created')).toBe(true);
    expect(deployed.traffic).toMatchObject({ retries: 0, status503: 0, writeLimit: { lowest: 8 } });
  });
});

describe('a server that answers 503 for ever', () => {
  it('fails each deployment with the last answer once its time budget is spent', async () => {
    const server = await busyServer({});
    server.faults.add({ method: 'POST', path: '/deployments/', times: Infinity, fault: { status: 503 } });
    // A scripted clock: every pause advances it, so the budget is spent without waiting.
    let clock = 0;
    const flows = 5;

    const deployed = await run(project(flows), server.url, 1, recordingProgress(), {
      now: () => clock,
      sleep: (ms: number) => {
        clock += ms;
        return Promise.resolve();
      },
    });

    expect(deployed.result.outcomes).toHaveLength(flows);
    for (const outcome of deployed.result.outcomes) {
      expect(outcome.status).toBe('failed');
      expect(outcome.error).toMatch(
        /^Prefect answered 503 to POST \/deployments\/ after \d+ retries: Service Unavailable/,
      );
    }
    expect(server.state.deployments.size).toBe(0);
    // One request at a time: each spent at most the budget, and most of it before giving up.
    expect(clock).toBeLessThanOrEqual(flows * DEFAULT_BUSY_BUDGET_MS);
    expect(clock).toBeGreaterThan(flows * (DEFAULT_BUSY_BUDGET_MS / 4));
  });
});

describe('promote against a server whose database takes one write at a time', () => {
  it('promotes every deployment, slowing its writes down', async () => {
    const server = await busyServer({ writeLock: { busyProbability: 1, holdMs: 2, seed: 3 } });
    server.addWorkPool(EXAMPLE_POOL, 'process');
    const scenario = newScenario(server.url, 'busy-promote');
    const deployed = await deploy(scenario, { concurrency: 1 });
    const refusedBefore = server.writeLock!.refused;
    const progress = recordingProgress();

    const promoted = await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' }, progress);

    expect(promoted.result.outcomes.map((outcome) => outcome.status)).toEqual(
      deployed.result.outcomes.map(() => 'created'),
    );
    expect(server.writeLock!.refused).toBeGreaterThan(refusedBefore);
    expect(promoted.traffic.status503).toBe(server.writeLock!.refused - refusedBefore);
    expect(progress.infos).toContainEqual(
      expect.stringMatching(/^Prefect is busy \(503 .*writing \d+ at a time$/),
    );
  });
});
