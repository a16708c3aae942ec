// The acme-portal CLI end to end, as a child process in a git checkout of the examples against
// Prefect: deploy, promote and find-flows with --json, every exit code, --help, the seed's flags.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { COMMANDS } from '../../../packages/cli/src/commands/index.js';
import { commandHelp } from '../../../packages/cli/src/flags/help-text.js';
import { ACTION_MANIFESTS } from '../../../packages/cli/src/generated/action-manifests.js';
import { startFakePrefect } from '../../fake-prefect/index.js';
import { expectedName, newScenario, type Scenario } from '../action-run.js';
import { gitBareOrigin, gitCommitAll, gitDetach, runCli } from '../cli-process.js';
import { EXAMPLE_CONFIG, removeExampleCopies } from '../example-project.js';
import { itOnFake, prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

interface DeploymentOutput {
  name: string;
  flow_name: string;
  status: string;
  id: string;
  error: string | null;
}

/** A scenario whose checkout is a git repository on its branch, committed: the CLI reads both. */
function gitScenario(name: string): Scenario {
  const scenario = newScenario(server.url, name);
  scenario.commit = gitCommitAll(scenario.project.workspace, scenario.branch);
  return scenario;
}

const connection = () => ['--config', EXAMPLE_CONFIG, '--prefect-api-url', server.url];

async function deployableFlows(scenario: Scenario): Promise<string[]> {
  const run = await runCli(['find-flows', '--config', EXAMPLE_CONFIG, '--json'], scenario.project.workspace);
  expect(run.exitCode).toBe(0);
  const outputs = JSON.parse(run.stdout) as { flows: { name: string; deployable: boolean }[] };
  return outputs.flows.filter((flow) => flow.deployable).map((flow) => flow.name);
}

describe('acme-portal deploy, promote, find-flows', () => {
  it('deploys to dev at the checkout’s branch and commit, promotes to prod, and shows both in find-flows', async () => {
    const scenario = gitScenario('cli-flow');
    const cwd = scenario.project.workspace;
    const flows = await deployableFlows(scenario);

    const deployed = await runCli(['deploy', '--env', 'dev', ...connection(), '--json'], cwd);
    expect(deployed.stderr).toContain(
      `Deploying acme-example at ${scenario.branch}@${scenario.commit.slice(0, 8)}`,
    );
    expect(deployed.exitCode).toBe(0);
    const deployOutputs = JSON.parse(deployed.stdout) as Record<string, unknown>;
    expect(deployOutputs).toMatchObject({
      created: flows.length,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      failed: 0,
    });
    expect(Object.keys(deployOutputs)).toEqual(jsonOutputs('deploy'));
    const deployments = deployOutputs.deployments as DeploymentOutput[];
    expect(deployments.map((each) => each.name).sort()).toEqual(
      flows.map((flow) => expectedName(scenario.branch, flow, 'dev')).sort(),
    );
    const onServer = await server.rest.branchDeployments(scenario.branch);
    for (const deployment of deployments) {
      expect(onServer.get(deployment.name)!.id).toBe(deployment.id);
      expect(onServer.get(deployment.name)!.tags).toContain(`COMMIT_HASH=${scenario.commit}`);
    }

    const promoted = await runCli(
      [
        'promote',
        '--source-env',
        'dev',
        '--target-env',
        'prod',
        '--expected-commit',
        scenario.commit,
        ...connection(),
      ],
      cwd,
    );
    expect(promoted.exitCode).toBe(0);
    // The tables, for a person: aligned columns, no Markdown left, no colour off a TTY.
    expect(promoted.stdout).toContain('Promotion: dev → prod');
    expect(promoted.stdout).not.toMatch(/[|`]/);
    expect(promoted.stdout).not.toContain('\u001b[');
    const header = promoted.stdout.split('\n').find((line) => line.startsWith('flow '))!;
    const row = promoted.stdout.split('\n').find((line) => line.startsWith('hello_world '))!;
    expect(row.indexOf(expectedName(scenario.branch, 'hello_world', 'prod'))).toBe(header.indexOf('target'));
    const prod = await server.rest.branchDeployments(scenario.branch);
    expect(prod.get(expectedName(scenario.branch, 'hello_world', 'prod'))!.tags).toContain(
      `COMMIT_HASH=${scenario.commit}`,
    );

    const again = await runCli(
      ['promote', '--source-env', 'dev', '--target-env', 'prod', '--dry-run', ...connection(), '--json'],
      cwd,
    );
    expect(again.exitCode).toBe(0);
    const promoteOutputs = JSON.parse(again.stdout) as Record<string, unknown>;
    expect(Object.keys(promoteOutputs)).toEqual(jsonOutputs('promote'));
    expect(promoteOutputs).toMatchObject({ unchanged: flows.length, created: 0, updated: 0, failed: 0 });

    const found = await runCli(
      ['find-flows', '--with-deployments', '--branch', scenario.branch, ...connection(), '--json'],
      cwd,
    );
    expect(found.exitCode).toBe(0);
    const portal = JSON.parse(found.stdout) as {
      flows: { name: string; deployments?: Record<string, { commit_hash: string }[]> }[];
      count: number;
      names: string;
      matrix: { include: { flow: string }[] };
    };
    expect(Object.keys(portal)).toEqual(jsonOutputs('find-flows'));
    const hello = portal.flows.find((flow) => flow.name === 'hello_world')!;
    expect(hello.deployments!.dev!.map((each) => each.commit_hash)).toEqual([scenario.commit]);
    expect(hello.deployments!.prod!.map((each) => each.commit_hash)).toEqual([scenario.commit]);
    expect(hello.deployments!.tst).toEqual([]);
    expect(portal.count).toBe(portal.flows.length);
    expect(portal.names.split(',')).toEqual(portal.flows.map((flow) => flow.name));
    expect(portal.matrix.include.map((each) => each.flow)).toEqual(flows);
  });

  it('cleans up a branch named by --branch, and sweeps branches the origin remote no longer has', async () => {
    const scenario = gitScenario('cli-cleanup');
    const cwd = scenario.project.workspace;
    const deployed = await runCli(['deploy', '--env', 'dev', ...connection(), '--json'], cwd);
    expect(deployed.exitCode).toBe(0);
    const names = (JSON.parse(deployed.stdout) as { deployments: DeploymentOutput[] }).deployments.map(
      (each) => each.name,
    );

    const planned = await runCli(
      ['cleanup', '--branch', scenario.branch, '--dry-run', ...connection(), '--json'],
      cwd,
    );
    expect(planned.exitCode).toBe(0);
    const plan = JSON.parse(planned.stdout) as { deleted: { name: string; status: string }[]; count: number };
    expect(Object.keys(plan)).toEqual(jsonOutputs('cleanup'));
    expect(plan.deleted.map((each) => each.name).sort()).toEqual([...names].sort());
    expect(plan.deleted.every((each) => each.status === 'planned')).toBe(true);
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(names.length);

    // The origin has only main: the scenario's branch is gone there, so a sweep removes its deployments.
    const origin = gitBareOrigin(cwd, 'main');
    expect(origin).toBeTruthy();
    const swept = await runCli(['cleanup', '--stale-branches', ...connection(), '--json'], cwd);
    expect(swept.stderr).not.toContain('error');
    expect(swept.exitCode).toBe(0);
    const sweep = JSON.parse(swept.stdout) as { deleted: { name: string; status: string }[]; count: number };
    expect(sweep.count).toBe(names.length);
    expect(sweep.deleted.every((each) => each.status === 'deleted')).toBe(true);
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(0);

    const limited = await runCli(
      ['cleanup', '--branch', 'nothing-here', '--max-deletes', '0', ...connection()],
      cwd,
    );
    expect(limited.exitCode).toBe(0);
  });

  it('accepts the flag names of aps-prefect-deploy, single-dash as argparse took them', async () => {
    const scenario = gitScenario('cli-seed');
    const cwd = scenario.project.workspace;
    await server.rest.createWorkPool('e2e-docker-pool', 'docker');
    const commit = 'abcdef1234567';

    const run = await runCli(
      [
        'deploy',
        '-env',
        'dev',
        '-project-name',
        'seedproj',
        '-branch-name',
        scenario.branch,
        '-commit-hash',
        commit,
        '-image-uri',
        'ghcr.io/acme/example:seed-abcdef1',
        '-package-version',
        '9.9.9',
        '--flows-to-deploy',
        'hello_world',
        '--static-flow-config-path',
        EXAMPLE_CONFIG,
        '--work-pool',
        'e2e-docker-pool',
        '--prefect-api-url',
        server.url,
        '--json',
      ],
      cwd,
    );

    expect(run.stderr).not.toContain('error');
    expect(run.exitCode).toBe(0);
    const name = `seedproj--${scenario.branch}--hello-world--dev`;
    const deployment = (await server.rest.deploymentsLike(`seedproj--${scenario.branch}--`)).get(name)!;
    expect(deployment.tags).toEqual(
      expect.arrayContaining([`COMMIT_HASH=${commit}`, 'PACKAGE_VERSION=9.9.9']),
    );
    expect(deployment.job_variables.image).toBe('ghcr.io/acme/example:seed-abcdef1');
    expect(
      (JSON.parse(run.stdout) as { deployments: DeploymentOutput[] }).deployments.map((d) => d.name),
    ).toEqual([name]);

    // In aps-prefect-deploy promote, -env is the target.
    const promoted = await runCli(
      [
        'promote',
        '-source-env',
        'dev',
        '-env',
        'prod',
        '-project-name',
        'seedproj',
        '-branch-name',
        scenario.branch,
        ...connection(),
      ],
      cwd,
    );
    expect(promoted.exitCode).toBe(0);
    const prod = await server.rest.deploymentsLike(`seedproj--${scenario.branch}--`);
    expect(prod.get(`seedproj--${scenario.branch}--hello-world--prod`)!.tags).toContain(
      `COMMIT_HASH=${commit}`,
    );
  });
});

describe('exit codes', () => {
  it('2: a bad config, with its file:line on stderr, and nothing written', async () => {
    const scenario = newScenario(server.url, 'cli-badconfig');
    scenario.project.editConfig((config) => {
      config.setIn(
        ['environments', 'dev', 'deployments', 'hello_world', 'schedules'],
        [{ cron: '0 25 * * *' }],
      );
    });
    scenario.commit = gitCommitAll(scenario.project.workspace, scenario.branch);
    const line =
      scenario.project
        .read('.acme-portal.yml')
        .split('\n')
        .findIndex((text) => text.includes('0 25 * * *')) + 1;

    const run = await runCli(['deploy', '--env', 'dev', ...connection()], scenario.project.workspace);

    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`examples/\\.acme-portal\\.yml:${line}:\\d+: .*"0 25 \\* \\* \\*" is not a valid cron`),
    );
    expect(run.stdout).toBe('');
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(0);
  });

  it('2: a bad flag value, named as the flag with the action’s own message; an unknown flag with a suggestion', async () => {
    const scenario = gitScenario('cli-badflag');
    const cwd = scenario.project.workspace;

    const bad = await runCli(['deploy', '--env', 'dev', '--concurrency', '99', ...connection()], cwd);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--concurrency must be a whole number from 1 to 32 (got "99")');
    expect(bad.stderr).toContain('acme-portal deploy --help');

    const missing = await runCli(['deploy', ...connection()], cwd);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--env is required: name the environment to deploy into');

    const unknown = await runCli(['deploy', '--env', 'dev', '--dryrun'], cwd);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('Unknown flag --dryrun for deploy. Did you mean --dry-run?');

    const acmeConfig = await runCli(['deploy', '-env', 'dev', '-app-name', 'x'], cwd);
    expect(acmeConfig.exitCode).toBe(2);
    expect(acmeConfig.stderr).toContain('--env-vars-command');
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(0);
  });

  it('2: a detached HEAD without --branch says so; with --branch it deploys', async () => {
    const scenario = gitScenario('cli-detached');
    const cwd = scenario.project.workspace;
    gitDetach(cwd);

    const refused = await runCli(['deploy', '--env', 'dev', ...connection()], cwd);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(`HEAD is detached at ${scenario.commit.slice(0, 7)}`);
    expect(refused.stderr).toContain('--branch');

    const given = await runCli(['deploy', '--env', 'dev', '--branch', scenario.branch, ...connection()], cwd);
    expect(given.exitCode).toBe(0);
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBeGreaterThan(0);
  });

  it('3: Prefect not listening', async () => {
    const scenario = gitScenario('cli-down');
    const port = await freePort();

    const run = await runCli(
      [
        'deploy',
        '--env',
        'dev',
        '--config',
        EXAMPLE_CONFIG,
        '--prefect-api-url',
        `http://127.0.0.1:${port}/api`,
      ],
      scenario.project.workspace,
    );

    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain(`Could not reach Prefect at http://127.0.0.1:${port}/api`);
    expect(run.stdout).toBe('');
  });

  it('3: Prefect refusing the credentials, which are never printed', async () => {
    const scenario = gitScenario('cli-auth');
    const guarded = await startFakePrefect({ auth: { basicAuth: 'admin:right-password' } });
    try {
      const run = await runCli(
        ['deploy', '--env', 'dev', '--config', EXAMPLE_CONFIG, '--prefect-api-url', guarded.url],
        scenario.project.workspace,
        { PREFECT_API_AUTH_STRING: 'admin:wrong-password' },
      );
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toContain('refused the request (401');
      expect(run.stderr + run.stdout).not.toContain('wrong-password');
      expect(run.stdout).not.toContain('::add-mask::');
    } finally {
      await guarded.close();
    }
  });

  itOnFake('1: one deployment refused by Prefect, the others written', async () => {
    const scenario = gitScenario('cli-partial');
    const cwd = scenario.project.workspace;
    const flows = await deployableFlows(scenario);
    server.fake!.faults.add({
      method: 'POST',
      path: /^\/deployments\/$/,
      times: 1,
      fault: { status: 422, body: { detail: 'refused by the test' } },
    });

    const run = await runCli(['deploy', '--env', 'dev', ...connection(), '--json'], cwd);

    expect(run.exitCode).toBe(1);
    const outputs = JSON.parse(run.stdout) as {
      deployments: DeploymentOutput[];
      failed: number;
      created: number;
    };
    expect(outputs.failed).toBe(1);
    expect(outputs.created).toBe(flows.length - 1);
    expect(outputs.deployments.find((each) => each.status === 'failed')!.error).toContain(
      'refused by the test',
    );
    expect((await server.rest.branchDeployments(scenario.branch)).size).toBe(flows.length - 1);
    expect(run.stderr).toContain('1 failed; the others were written');
  });
});

describe('secrets', () => {
  it('a variable from --env-vars is named in a dry-run diff, its value never shown; no ::add-mask:: reaches stdout', async () => {
    const scenario = gitScenario('cli-mask');
    const cwd = scenario.project.workspace;
    const first = await runCli(['deploy', '--env', 'dev', ...connection()], cwd);
    // The table on stdout, for a person or a pipe; progress on stderr.
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toMatch(/^Deploy: acme-example → dev\n/);
    expect(first.stdout).not.toContain('Found ');
    expect(first.stderr).toContain('Found ');

    const run = await runCli(
      ['deploy', '--env', 'dev', '--dry-run', '--env-vars', 'API_TOKEN=s3cr3t-value-42', ...connection()],
      cwd,
    );

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('job_variables');
    expect(run.stdout).toContain('API_TOKEN');
    expect(run.stdout).toContain('env: +API_TOKEN');
    expect(run.stdout + run.stderr).not.toContain('s3cr3t-value-42');
    expect(run.stdout).not.toContain('::add-mask::');
  });
});

describe('help', () => {
  it.each(COMMANDS.map((command) => command.name))(
    'acme-portal %s --help prints the help generated from its action.yml, every input a flag',
    async (name) => {
      const run = await runCli([name, '--help'], process.cwd());
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toBe('');
      const command = COMMANDS.find((each) => each.name === name)!;
      const manifest = command.manifest ?? ACTION_MANIFESTS[name]!;
      expect(run.stdout).toBe(commandHelp(command, manifest));
      for (const input of manifest.inputs) {
        if (input.githubOnly) expect(run.stdout).not.toMatch(new RegExp(`--${input.name}\\b`));
        else expect(run.stdout).toMatch(new RegExp(`^  (.*, )?--${input.name}\\b`, 'm'));
      }
    },
  );

  it('acme-portal --help is stable; no command at all prints it on stderr as a usage error', async () => {
    const help = await runCli(['--help'], process.cwd());
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatchSnapshot();
    const none = await runCli([], process.cwd());
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toBe(help.stdout);
  });
});

/** What --json must print: every output of the action's manifest but those the command says it omits. */
function jsonOutputs(name: string): string[] {
  const omitted = COMMANDS.find((command) => command.name === name)!.omittedOutputs ?? {};
  return ACTION_MANIFESTS[name]!.outputs.map((output) => output.name).filter(
    (output) => !(output in omitted),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
