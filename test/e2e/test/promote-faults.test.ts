// Promoting many flows through an unreliable server (fake only): one target whose write keeps
// failing is reported with its cause, every other flow is promoted, transient faults are retried.
import { afterEach, beforeEach, expect, it } from '@jest/globals';
import type { FakePrefect } from '../../fake-prefect/index.js';
import { deploy, expectedName, newScenario, promote, type Scenario } from '../action-run.js';
import { copyExamples, removeExampleCopies } from '../example-project.js';
import {
  describeOnFake,
  prefectUnderTest,
  randomCommit,
  type PrefectUnderTest,
} from '../prefect-under-test.js';
const GENERATED = 20;

let server: PrefectUnderTest;
let fake: FakePrefect;
beforeEach(async () => {
  server = await prefectUnderTest();
  fake = server.fake!;
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

/** The examples plus GENERATED more flows, one per file, each with a parameter. */
function manyFlowsScenario(name: string): Scenario {
  const project = copyExamples();
  for (let index = 1; index <= GENERATED; index += 1) {
    const id = String(index).padStart(2, '0');
    project.write(
      `flows/generated/batch_${id}.py`,
      `from prefect import flow\n\n\n@flow(name="batch-${id}")\ndef batch_${id}(rows: int = ${index}) -> int:\n    """Batch ${id}."""\n    return rows\n`,
    );
  }
  return newScenario(server.url, name, project);
}

describeOnFake('promoting many flows', () => {
  it('a target that keeps failing is reported with its cause; every other flow is promoted', async () => {
    const scenario = manyFlowsScenario('many');
    await deploy(scenario);
    await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst' });
    const newCommit = randomCommit();
    await deploy({ ...scenario, commit: newCommit });
    const broken = expectedName(scenario.branch, 'batch_07', 'tst');
    const brokenId = (await server.rest.branchDeployments(scenario.branch)).get(broken)!.id;
    fake.faults.add({
      method: 'PATCH',
      path: `/deployments/${brokenId}`,
      times: Infinity,
      fault: { status: 500, body: { exception_message: 'Internal Server Error' } },
    });
    // A busy moment for another target: retried, not reported.
    const busyId = (await server.rest.branchDeployments(scenario.branch)).get(
      expectedName(scenario.branch, 'batch_12', 'tst'),
    )!.id;
    const busy = fake.faults.add({ method: 'PATCH', path: `/deployments/${busyId}`, fault: { status: 503 } });

    const run = await promote(scenario, { 'source-env': 'dev', 'target-env': 'tst', concurrency: 4 });

    expect(run.result.outcomes.length).toBeGreaterThanOrEqual(GENERATED + 1);
    const failed = run.result.outcomes.filter((outcome) => outcome.status === 'failed');
    expect(failed.map((outcome) => outcome.name)).toEqual([broken]);
    expect(failed[0]).toMatchObject({ from_commit: scenario.commit, to_commit: newCommit });
    expect(failed[0]!.error).toContain(`500 to PATCH /deployments/${brokenId}`);
    expect(failed[0]!.error).toContain('Internal Server Error');
    expect(busy.served).toBe(1);
    for (const outcome of run.result.outcomes.filter((each) => each.name !== broken)) {
      expect(outcome).toMatchObject({
        status: 'updated',
        from_commit: scenario.commit,
        to_commit: newCommit,
      });
    }
    const tst = [...(await server.rest.branchDeployments(scenario.branch)).values()].filter((d) =>
      d.name.endsWith('--tst'),
    );
    for (const deployment of tst) {
      const commit = deployment.name === broken ? scenario.commit : newCommit;
      expect(deployment.tags).toContain(`COMMIT_HASH=${commit}`);
    }
  });

  it('a new target whose creation keeps failing: the failed flows are named, the rest created', async () => {
    const scenario = manyFlowsScenario('manynew');
    await deploy(scenario);
    // The first three target creations fail for good (500 is not retried); which flows they are
    // depends on scheduling, so the check is on the counts and the reported cause.
    fake.faults.add({ method: 'POST', path: '/deployments/', times: 3, fault: { status: 500 } });

    const run = await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod', concurrency: 4 });

    const failed = run.result.outcomes.filter((outcome) => outcome.status === 'failed');
    const created = run.result.outcomes.filter((outcome) => outcome.status === 'created');
    expect(failed).toHaveLength(3);
    expect(created).toHaveLength(run.result.outcomes.length - 3);
    for (const outcome of failed) {
      expect(outcome.error).toContain('500 to POST /deployments/');
      expect(outcome.url).toBeNull();
    }
    const prod = [...(await server.rest.branchDeployments(scenario.branch)).keys()].filter((name) =>
      name.endsWith('--prod'),
    );
    expect(prod.sort()).toEqual(created.map((outcome) => outcome.name).sort());
  });
});
