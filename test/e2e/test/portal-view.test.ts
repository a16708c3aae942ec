// The portal view: find-flows joined with Prefect after a deploy and a promotion shows, per flow
// and environment, which commit and package version is deployed.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { findFlowsSummary } from '../../../actions/find-flows/src/find-flows-summary.js';
import { deploy, expectedName, findFlows, newScenario, promote } from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { prefectUnderTest, randomCommit, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

describe('find-flows with deployments', () => {
  it('shows each flow with the commit and package version in every environment', async () => {
    const scenario = newScenario(server.url, 'portal');
    const prodCommit = scenario.commit;
    await deploy(scenario);
    await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' });
    const devCommit = randomCommit();
    await deploy({ ...scenario, commit: devCommit });
    const packageVersion = scenario.project.packageVersion();

    const run = await findFlows(scenario, { 'with-deployments': true, branch: scenario.branch });

    expect(run.environments).toEqual(['dev', 'tst', 'prod']);
    const deployable = run.flows.filter((flow) => flow.deployable);
    expect(deployable.map((flow) => flow.name)).toContain('hello_world');
    for (const flow of deployable) {
      const view = flow.deployments!;
      expect(Object.keys(view)).toEqual(['dev', 'tst', 'prod']);
      expect(view.tst).toEqual([]);
      expect(view.dev!.map((d) => [d.name, d.commit_hash, d.package_version, d.branch])).toEqual([
        [expectedName(scenario.branch, flow.name, 'dev'), devCommit, packageVersion, scenario.branch],
      ]);
      expect(view.prod!.map((d) => [d.name, d.commit_hash, d.package_version])).toEqual([
        [expectedName(scenario.branch, flow.name, 'prod'), prodCommit, packageVersion],
      ]);
      expect(view.prod![0]!.url).toContain(view.prod![0]!.id);
    }

    const summary = findFlowsSummary(run);
    const table = summary.slice(summary.indexOf('### Deployed versions'));
    expect(table).toContain('| flow | dev | tst | prod |');
    const helloRow = table.split('\n').find((line) => line.startsWith('| `hello_world` |'))!;
    const cells = helloRow.split(' | ');
    expect(cells[1]).toContain(`\`${devCommit.slice(0, 8)}\` \`${packageVersion}\``);
    expect(cells[2]).toBe('');
    expect(cells[3]).toContain(`\`${prodCommit.slice(0, 8)}\` \`${packageVersion}\``);
    for (const flow of deployable) expect(table).toContain(`| \`${flow.name}\` |`);
  });

  it('without with-deployments, Prefect is not asked (no URL needed)', async () => {
    const scenario = { ...newScenario(server.url, 'offline'), url: '' };

    const run = await findFlows(scenario);

    expect(run.environments).toBeNull();
    expect(run.flows.every((flow) => flow.deployments === undefined)).toBe(true);
    expect(findFlowsSummary(run)).not.toContain('Deployed versions');
  });
});
