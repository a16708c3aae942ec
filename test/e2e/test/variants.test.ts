// Several deployments of one flow (`deployments.<flow>.variants`): one deployment per variant,
// named `{project}--{branch}--{variant}--{flow}--{env}`, tagged VARIANT=<name>; promote carries
// each variant, prune removes a variant taken out of the config, the portal view has a row each.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { findFlowsSummary } from '../../../actions/find-flows/src/find-flows-summary.js';
import { deploy, EXAMPLE_PROJECT, findFlows, newScenario, promote, type Scenario } from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

const variantName = (scenario: Scenario, variant: string, env: string) =>
  `${EXAMPLE_PROJECT}--${scenario.branch}--${variant}--hello-world--${env}`;
const plainName = (scenario: Scenario, env: string) =>
  `${EXAMPLE_PROJECT}--${scenario.branch}--hello-world--${env}`;

function withVariants(scenario: Scenario): void {
  scenario.project.editConfig((config) => {
    config.setIn(['deployments', 'hello_world', 'variants'], {
      eu: { parameters: { name: 'europe' }, tags: ['region-eu'] },
      us: { parameters: { name: 'americas' }, env: { REGION: 'us' } },
    });
    // Per environment too: prod's us variant runs paused.
    config.setIn(['environments', 'prod', 'deployments', 'hello_world', 'variants'], {
      us: { paused: true },
    });
  });
}

describe('variants of one flow', () => {
  it('deploys one deployment per variant, with its settings, tag and DEPLOYMENT_NAME', async () => {
    const scenario = newScenario(server.url, 'variants');
    withVariants(scenario);

    const run = await deploy(scenario);

    const hello = run.result.outcomes.filter((outcome) => outcome.flow_name === 'hello_world');
    expect(hello.map((outcome) => [outcome.name, outcome.variant, outcome.status])).toEqual([
      [variantName(scenario, 'eu', 'dev'), 'eu', 'created'],
      [variantName(scenario, 'us', 'dev'), 'us', 'created'],
    ]);
    const all = await server.rest.branchDeployments(scenario.branch);
    expect(all.has(plainName(scenario, 'dev'))).toBe(false);
    const eu = all.get(variantName(scenario, 'eu', 'dev'))!;
    const us = all.get(variantName(scenario, 'us', 'dev'))!;
    expect(eu.parameters).toEqual({ name: 'europe' });
    expect(us.parameters).toEqual({ name: 'americas' });
    expect(eu.tags).toEqual(expect.arrayContaining(['VARIANT=eu', 'region-eu', 'example']));
    expect(us.tags).toContain('VARIANT=us');
    expect(us.tags).not.toContain('region-eu');
    expect(us.job_variables.env).toEqual({
      LOG_LEVEL: 'DEBUG',
      REGION: 'us',
      DEPLOYMENT_NAME: variantName(scenario, 'us', 'dev'),
    });
    // Flows without variants keep exactly today's names.
    expect(all.has(`${EXAMPLE_PROJECT}--${scenario.branch}--weekly-summary--dev`)).toBe(true);

    const again = await deploy(scenario);
    expect([...new Set(again.result.outcomes.map((outcome) => outcome.status))]).toEqual(['unchanged']);
  });

  it('promotes each variant with the target environment’s variant settings', async () => {
    const scenario = newScenario(server.url, 'variants-promote');
    withVariants(scenario);
    await deploy(scenario);

    const run = await promote(scenario, {
      'source-env': 'dev',
      'target-env': 'prod',
      flows: ['hello_world'],
    });

    expect(run.result.outcomes.map((outcome) => [outcome.name, outcome.variant, outcome.source])).toEqual([
      [variantName(scenario, 'eu', 'prod'), 'eu', variantName(scenario, 'eu', 'dev')],
      [variantName(scenario, 'us', 'prod'), 'us', variantName(scenario, 'us', 'dev')],
    ]);
    const all = await server.rest.branchDeployments(scenario.branch);
    const usProd = all.get(variantName(scenario, 'us', 'prod'))!;
    expect(usProd.parameters).toEqual({ name: 'americas' });
    expect((usProd as unknown as { paused: boolean }).paused).toBe(true);
    expect((all.get(variantName(scenario, 'eu', 'prod')) as unknown as { paused: boolean }).paused).toBe(
      false,
    );
    expect(usProd.job_variables.env).toEqual({
      LOG_LEVEL: 'WARNING',
      REGION: 'us',
      DEPLOYMENT_NAME: variantName(scenario, 'us', 'prod'),
    });
    const again = await promote(scenario, {
      'source-env': 'dev',
      'target-env': 'prod',
      flows: ['hello_world'],
    });
    expect(again.result.outcomes.map((outcome) => outcome.status)).toEqual(['unchanged', 'unchanged']);
  });

  it('prunes a variant removed from the config, and the flow’s own deployment once it has variants', async () => {
    const scenario = newScenario(server.url, 'variants-prune');
    await deploy(scenario);
    withVariants(scenario);

    const first = await deploy(scenario, { prune: true });
    expect(
      first.result.plan.items
        .filter((item) => item.flowName === 'hello_world')
        .map((item) => [item.name, item.action]),
    ).toEqual([
      [variantName(scenario, 'eu', 'dev'), 'create'],
      [plainName(scenario, 'dev'), 'delete'],
      [variantName(scenario, 'us', 'dev'), 'create'],
    ]);

    scenario.project.editConfig((config) => {
      config.deleteIn(['deployments', 'hello_world', 'variants', 'us']);
      config.deleteIn(['environments', 'prod', 'deployments', 'hello_world', 'variants']);
    });
    const second = await deploy(scenario, { prune: true });

    const deleted = second.result.plan.items.filter((item) => item.action === 'delete');
    expect(deleted.map((item) => [item.name, item.reason])).toEqual([
      [variantName(scenario, 'us', 'dev'), 'variant "us" is no longer in the config of flow hello_world'],
    ]);
    const names = [...(await server.rest.branchDeployments(scenario.branch)).keys()];
    expect(names).toContain(variantName(scenario, 'eu', 'dev'));
    expect(names).not.toContain(variantName(scenario, 'us', 'dev'));
  });

  it('shows a portal row per flow and variant', async () => {
    const scenario = newScenario(server.url, 'variants-portal');
    withVariants(scenario);
    await deploy(scenario);

    const run = await findFlows(scenario, { 'with-deployments': true, branch: scenario.branch });

    const hello = run.flows.find((flow) => flow.name === 'hello_world')!;
    expect(hello.deployments!.dev!.map((d) => [d.name, d.variant])).toEqual([
      [variantName(scenario, 'eu', 'dev'), 'eu'],
      [variantName(scenario, 'us', 'dev'), 'us'],
    ]);
    const summary = findFlowsSummary(run);
    const rows = summary.split('\n').filter((line) => line.startsWith('| `hello_world`'));
    expect(rows.filter((row) => row.includes('(variant'))).toEqual([
      expect.stringContaining('`hello_world` (variant `eu`)'),
      expect.stringContaining('`hello_world` (variant `us`)'),
    ]);
  });
});
