// The Prefect server a scenario runs against: a real one when PORTAL_E2E_PREFECT_URL is set (the
// e2e workflow's container), else a fresh fake on 127.0.0.1 with the examples' work pool.
import { describe, it } from '@jest/globals';
import { startFakePrefect, type FakePrefect } from '../fake-prefect/index.js';
import { PrefectRest } from './prefect-rest.js';

/** Set by .github/workflows/e2e.yml to a real Prefect server (one job per version of its matrix) that already has the `local-pool` process pool. */
export const REAL_PREFECT_URL = process.env.PORTAL_E2E_PREFECT_URL?.trim() || null;
export const onRealServer = REAL_PREFECT_URL !== null;

/** The work pool the examples' config deploys to. */
export const EXAMPLE_POOL = 'local-pool';

/** For scenarios that inject faults or read the fake's request log: skipped on a real server. */
export const itOnFake = onRealServer ? it.skip : it;
export const describeOnFake = onRealServer ? describe.skip : describe;

/** Branches handed out since the last close(); on a real server their deployments are deleted then. */
const branchesUsed: string[] = [];

export interface PrefectUnderTest {
  url: string;
  /** The fake, for request logs, state and faults; null on a real server. */
  fake: FakePrefect | null;
  /** Plain REST calls for arranging and checking, independent of the product's client. */
  rest: PrefectRest;
  close(): Promise<void>;
}

/**
 * Starts (or points at) the server. On the fake the pool is created over the API, as the e2e
 * workflow creates it on the real server, so both have the same empty base job template.
 */
export async function prefectUnderTest(): Promise<PrefectUnderTest> {
  if (REAL_PREFECT_URL) {
    const rest = new PrefectRest(REAL_PREFECT_URL);
    // The shared server outlives the suite (a worker is started on its pool later in the job):
    // leave none of this scenario's deployments, or their schedules, behind.
    const close = async () => {
      for (const branch of branchesUsed.splice(0)) {
        const deployments = [...(await rest.deploymentsLike(`--${branch}`)).values()];
        // The server keeps a deployment's automations when it is deleted: remove them first.
        const running =
          deployments.length > 0 ? await rest.automationsRunning(deployments.map((each) => each.id)) : [];
        for (const automation of running) await rest.deleteAutomation(automation.id);
        for (const deployment of deployments) await rest.deleteDeployment(deployment.id);
      }
    };
    return { url: REAL_PREFECT_URL, fake: null, rest, close };
  }
  const fake = await startFakePrefect();
  const rest = new PrefectRest(fake.url);
  await rest.createWorkPool(EXAMPLE_POOL, 'process');
  fake.resetRequests();
  const close = () => {
    branchesUsed.length = 0;
    return fake.close();
  };
  return { url: fake.url, fake, rest, close };
}

/** A branch of its own per scenario, so a shared real server never mixes two scenarios' deployments. */
export function uniqueBranch(scenario: string): string {
  const branch = `e2e-${scenario}-${Math.random().toString(36).slice(2, 8)}`;
  branchesUsed.push(branch);
  return branch;
}

/** A random 40-hex commit SHA. */
export function randomCommit(): string {
  let sha = '';
  while (sha.length < 40) sha += Math.floor(Math.random() * 16).toString(16);
  return sha;
}
