// The committed bundles run as the Actions runner runs them (a node process, INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files): outputs a workflow can use, a failed exit code and
// an annotation on the exact config line when something is wrong.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { deploy, expectedName, findFlows, newScenario } from '../action-run.js';
import { removeActionScratch, runActionBundle } from '../action-process.js';
import { EXAMPLE_CONFIG, removeExampleCopies } from '../example-project.js';
import { prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
  removeActionScratch();
});

/** The inputs of the e2e workflow's steps: the project lives in examples/ of the checkout. */
const EXAMPLE_INPUTS = { root: 'examples', config: EXAMPLE_CONFIG };

interface FlowOutput {
  name: string;
  entrypoint: string;
  deployable: boolean;
}

describe('find-flows bundle', () => {
  it('writes flows, names, count, matrix and flows-file outputs and a summary', async () => {
    const scenario = newScenario(server.url, 'bundle-find');
    const expected = (await findFlows(scenario, { root: 'examples' })).flows;

    const run = await runActionBundle('find-flows', {
      workspace: scenario.project.workspace,
      inputs: EXAMPLE_INPUTS,
      branch: scenario.branch,
      commit: scenario.commit,
    });

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const flows = JSON.parse(run.outputs.flows!) as FlowOutput[];
    expect(flows.map((flow) => [flow.name, flow.entrypoint])).toEqual(
      expected.map((flow) => [flow.name, flow.entrypoint]),
    );
    expect(flows.map((flow) => flow.name)).toContain('hello_world');
    // Entrypoints stay relative to the project folder (the config's), whatever folder is scanned.
    const fromConfigRoot = (await findFlows(scenario)).flows.find((flow) => flow.name === 'hello_world')!;
    expect(flows.find((flow) => flow.name === 'hello_world')!.entrypoint).toBe(fromConfigRoot.entrypoint);
    expect(fromConfigRoot.entrypoint).toMatch(/^flows\//);
    expect(run.outputs.names).toBe(expected.map((flow) => flow.name).join(','));
    expect(run.outputs.count).toBe(String(expected.length));
    expect(JSON.parse(run.outputs.matrix!)).toEqual({
      include: expected
        .filter((flow) => flow.deployable)
        .map((flow) => ({ flow: flow.name, entrypoint: flow.entrypoint })),
    });
    expect(JSON.parse(readFileSync(run.outputs['flows-file']!, 'utf8'))).toEqual(flows);
    expect(run.summary).toContain('## Prefect flows in `examples`');
    expect(run.summary).toContain('| `hello_world` |');
    expect(run.commands.filter((line) => line.startsWith('::error'))).toEqual([]);
  });

  it('a root that does not exist: exit code 1 and an error naming the folder', async () => {
    const scenario = newScenario(server.url, 'bundle-noroot');

    const run = await runActionBundle('find-flows', {
      workspace: scenario.project.workspace,
      inputs: { ...EXAMPLE_INPUTS, root: 'no-such-folder' },
      branch: scenario.branch,
      commit: scenario.commit,
    });

    expect(run.exitCode).toBe(1);
    const errors = run.commands.filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"no-such-folder", does not exist');
    expect(errors[0]).toContain('`root` input');
    expect(run.outputs).toEqual({});
  });
});

describe('deploy bundle', () => {
  it('deploys the examples to dev and reports them in the outputs and the summary', async () => {
    const scenario = newScenario(server.url, 'bundle-deploy');
    const flows = (await findFlows(scenario)).flows.filter((flow) => flow.deployable);

    const run = await runActionBundle('deploy', {
      workspace: scenario.project.workspace,
      inputs: { ...EXAMPLE_INPUTS, env: 'dev', 'prefect-api-url': server.url },
      branch: scenario.branch,
      commit: scenario.commit,
    });

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      created: String(flows.length),
      updated: '0',
      unchanged: '0',
      deleted: '0',
      failed: '0',
    });
    const deployments = JSON.parse(run.outputs.deployments!) as {
      name: string;
      status: string;
      id: string;
    }[];
    const names = flows.map((flow) => expectedName(scenario.branch, flow.name, 'dev')).sort();
    expect(deployments.map((deployment) => deployment.name)).toEqual(names);
    const onServer = await server.rest.branchDeployments(scenario.branch);
    for (const deployment of deployments) {
      expect(deployment.status).toBe('created');
      expect(onServer.get(deployment.name)!.id).toBe(deployment.id);
      expect(onServer.get(deployment.name)!.tags).toContain(`COMMIT_HASH=${scenario.commit}`);
      expect(run.summary).toContain(deployment.name);
    }
  });

  it('an invalid config: exit code 1 and an error annotation on the config line', async () => {
    const scenario = newScenario(server.url, 'bundle-badconfig');
    scenario.project.editConfig((config) => {
      config.setIn(
        ['environments', 'dev', 'deployments', 'hello_world', 'schedules'],
        [{ cron: '0 25 * * *' }],
      );
    });
    const line =
      scenario.project
        .read('.acme-portal.yml')
        .split('\n')
        .findIndex((text) => text.includes('0 25 * * *')) + 1;

    const run = await runActionBundle('deploy', {
      workspace: scenario.project.workspace,
      inputs: { ...EXAMPLE_INPUTS, env: 'dev', 'prefect-api-url': server.url },
      branch: scenario.branch,
      commit: scenario.commit,
    });

    expect(run.exitCode).toBe(1);
    // One annotation for the one mistake, titled for a person (not a bundled class name).
    const errors = run.commands.filter((text) => text.startsWith('::error'));
    expect(errors).toHaveLength(1);
    const annotation = errors[0];
    expect(annotation).toMatch(/^::error title=Configuration error,/);
    expect(annotation).toMatch(new RegExp(`[ ,]file=examples/\\.acme-portal\\.yml,line=${line}[,:]`));
    expect(annotation).toContain('"0 25 * * *" is not a valid cron expression');
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(0);
  });
});

describe('promote bundle', () => {
  it('promotes dev to prod pinned to the deployed commit and reports from and to commits', async () => {
    const scenario = newScenario(server.url, 'bundle-promote');
    const deployed = await deploy(scenario);

    const run = await runActionBundle('promote', {
      workspace: scenario.project.workspace,
      inputs: {
        'source-env': 'dev',
        'target-env': 'prod',
        config: EXAMPLE_CONFIG,
        'expected-commit': scenario.commit,
        'prefect-api-url': server.url,
      },
      branch: scenario.branch,
      commit: scenario.commit,
    });

    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const count = deployed.result.outcomes.length;
    expect(run.outputs).toMatchObject({ created: String(count), updated: '0', unchanged: '0', failed: '0' });
    const promotions = JSON.parse(run.outputs.deployments!) as {
      name: string;
      from_commit: string | null;
      to_commit: string;
    }[];
    expect(promotions.map((each) => [each.name, each.from_commit, each.to_commit])).toEqual(
      deployed.result.outcomes.map((each) => [each.name.replace(/--dev$/, '--prod'), null, scenario.commit]),
    );
    expect(run.summary).toContain('dev → prod');
    expect(run.summary).toContain(`pinned to commit \`${scenario.commit}\``);
  });

  it('a promotion refused as backwards: exit code 1 and the error says how to roll back on purpose', async () => {
    const scenario = newScenario(server.url, 'bundle-backwards');
    await deploy(scenario, { env: 'prod' });

    const run = await runActionBundle('promote', {
      workspace: scenario.project.workspace,
      inputs: {
        'source-env': 'prod',
        'target-env': 'dev',
        config: EXAMPLE_CONFIG,
        'prefect-api-url': server.url,
      },
      branch: scenario.branch,
      commit: scenario.commit,
    });

    expect(run.exitCode).toBe(1);
    const errors = run.commands.filter((line) => line.startsWith('::error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"dev" comes before "prod"');
    expect(errors[0]).toContain('allow-backwards: true');
  });
});
