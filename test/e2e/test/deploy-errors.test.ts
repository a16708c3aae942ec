// Deploy with bad input: each mistake stops with one error that names the cause, where it is and
// what to do, and leaves Prefect as it was (or, per flow, deploys what it safely can).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { basename } from 'node:path';
import {
  AggregatePortalError,
  ConfigurationError,
  InputError,
  NotFoundError,
  PortalError,
  PrefectAuthError,
} from '@portal-actions/core';
import { startFakePrefect } from '../../fake-prefect/index.js';
import { deploy, expectedName, failureOf, findFlows, newScenario, type Scenario } from '../action-run.js';
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

/** 1-based line of the config copy's first line containing `text`. */
function configLine(scenario: Scenario, text: string): number {
  const index = scenario.project
    .read('.acme-portal.yml')
    .split('\n')
    .findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`the config has no line with ${text}`);
  return index + 1;
}

async function expectNothingWritten(scenario: Scenario): Promise<void> {
  expect([...(await server.rest.branchDeployments(scenario.branch)).keys()]).toEqual([]);
  if (server.fake) {
    const writes = server.fake.requests.filter(
      (request) => request.method !== 'GET' && !request.path.endsWith('/filter'),
    );
    expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([]);
  }
}

describe('connection', () => {
  it('no API URL: says which input or variable to set', async () => {
    const scenario = newScenario(server.url, 'nourl');

    const error = await failureOf(deploy(scenario, { 'prefect-api-url': '' }));

    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('No Prefect API URL');
    expect((error as PortalError).describe()).toMatch(/`prefect-api-url` input.*PREFECT_API_URL/);
  });

  itOnFake('the right basic auth string and custom headers reach every request', async () => {
    const guarded = await startFakePrefect({ auth: { basicAuth: 'admin:s3cret-right' } });
    guarded.addWorkPool('local-pool', 'process');
    try {
      const scenario = newScenario(guarded.url, 'goodauth');

      const run = await deploy(scenario, {
        'prefect-auth-string': 'admin:s3cret-right',
        'prefect-custom-headers': { 'X-Proxy-Token': 'proxy-7a1' },
      });

      expect(run.result.outcomes.length).toBeGreaterThan(0);
      expect(run.result.outcomes.every((outcome) => outcome.status === 'created')).toBe(true);
      expect(guarded.requests.length).toBeGreaterThan(0);
      for (const request of guarded.requests) {
        expect(request.headers.authorization).toBe(
          `Basic ${Buffer.from('admin:s3cret-right').toString('base64')}`,
        );
        expect(request.headers['x-proxy-token']).toBe('proxy-7a1');
      }
    } finally {
      await guarded.close();
    }
  });

  itOnFake('a wrong API key: a 401 explained, the key never shown', async () => {
    const guarded = await startFakePrefect({ auth: { apiKey: 'the-right-key-5f2c' } });
    try {
      const scenario = newScenario(guarded.url, 'badkey');
      const wrongKey = 'pnu_wrong-key-9d81aa';

      const error = await failureOf(deploy(scenario, { 'prefect-api-key': wrongKey }));

      expect(error).toBeInstanceOf(PrefectAuthError);
      const text = (error as PortalError).describe();
      expect(text).toContain('401');
      expect(text).toContain('prefect-api-key');
      expect(text).not.toContain(wrongKey);
      expect(text).not.toContain('the-right-key');
      expect(guarded.state.deployments.size).toBe(0);
    } finally {
      await guarded.close();
    }
  });

  itOnFake('a wrong basic auth string: a 401 naming the input to fix, the password never shown', async () => {
    const guarded = await startFakePrefect({ auth: { basicAuth: 'admin:s3cret-right' } });
    try {
      const scenario = newScenario(guarded.url, 'badauth');

      const error = await failureOf(deploy(scenario, { 'prefect-auth-string': 'admin:s3cret-wrong' }));

      expect(error).toBeInstanceOf(PrefectAuthError);
      const text = (error as PortalError).describe();
      expect(text).toContain('401');
      expect(text).toContain('prefect-auth-string');
      expect(text).not.toContain('s3cret');
      expect(text).not.toContain(Buffer.from('admin:s3cret-wrong').toString('base64'));
    } finally {
      await guarded.close();
    }
  });
});

describe('flows that cannot be deployed', () => {
  it('a flow defined inside a function, named explicitly, is refused with where it is and why', async () => {
    const scenario = newScenario(server.url, 'nested');
    scenario.project.write(
      'flows/factory.py',
      'from prefect import flow\n\n\ndef make():\n    @flow\n    def inner_job():\n        pass\n\n    return inner_job\n',
    );

    const run = await deploy(scenario, { flows: ['inner_job', 'hello_world'] });

    const byFlow = Object.fromEntries(run.result.outcomes.map((outcome) => [outcome.flow_name, outcome]));
    expect(byFlow.hello_world?.status).toBe('created');
    expect(byFlow.inner_job?.status).toBe('failed');
    expect(byFlow.inner_job?.error).toContain('examples/flows/factory.py:6');
    expect(byFlow.inner_job?.error).toMatch(/inside another function.*Move it to module level/);
  });

  it('`all` leaves nested flows out instead of failing on them', async () => {
    const scenario = newScenario(server.url, 'nestedall');
    scenario.project.write(
      'flows/factory.py',
      'from prefect import flow\n\n\ndef make():\n    @flow\n    def inner_job():\n        pass\n',
    );

    const run = await deploy(scenario);

    expect(run.result.outcomes.map((outcome) => outcome.flow_name)).not.toContain('inner_job');
    expect(run.result.outcomes.every((outcome) => outcome.status === 'created')).toBe(true);
  });
  it('`all` reports a flow in a file Python cannot import as refused, with the file and line', async () => {
    const scenario = newScenario(server.url, 'unimportable');
    scenario.project.write(
      'flows/legacy.py',
      'from prefect import flow\n\n\n@flow\ndef legacy_job():\n    pass\n\nprint "done"\n',
    );

    const run = await deploy(scenario);

    const byFlow = Object.fromEntries(run.result.outcomes.map((outcome) => [outcome.flow_name, outcome]));
    expect(byFlow.hello_world?.status).toBe('created');
    expect(byFlow.legacy_job?.status).toBe('failed');
    expect(byFlow.legacy_job?.error).toContain(
      'Python cannot import flows/legacy.py: a Python 2 print statement at line 8',
    );
  });
});

describe('environment and work pool', () => {
  it('an environment the config does not define: names the ones it does', async () => {
    const scenario = newScenario(server.url, 'noenv');

    const error = await failureOf(deploy(scenario, { env: 'staging' }));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('Unknown environment "staging"');
    expect(error.message).toContain('dev, tst, prod');
    expect((error as PortalError).location).toMatchObject({
      file: EXAMPLE_CONFIG,
      line: configLine(scenario, 'environments:'),
    });
    await expectNothingWritten(scenario);
  });

  it('a work pool missing on the server: nothing at all is written, not even the other flows', async () => {
    const scenario = newScenario(server.url, 'nopool');
    const pool = `e2e-missing-pool-${scenario.branch}`;
    scenario.project.editConfig((config) => {
      config.setIn(['environments', 'dev', 'deployments', 'hello_world', 'work_pool'], pool);
    });

    const error = await failureOf(deploy(scenario));

    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(`"${pool}" (used by hello_world)`);
    expect(error.message).toContain('nothing was deployed');
    expect((error as PortalError).hint).toContain('prefect work-pool create');
    await expectNothingWritten(scenario);
  });

  it('an image for a process pool: one error naming the image, the pool and the fix, nothing written', async () => {
    const scenario = newScenario(server.url, 'image');

    const error = await failureOf(deploy(scenario, { image: 'ghcr.io/acme/etl:1.0' }));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('ghcr.io/acme/etl:1.0');
    expect(error.message).toContain('work pool "local-pool" (process) has no `image` job variable');
    expect((error as ConfigurationError).describe()).toMatch(/Docker, Kubernetes or ECS work pool/);
    await expectNothingWritten(scenario);
  });

  it('an image set in the config for a process pool refuses those flows, naming the flow', async () => {
    const scenario = newScenario(server.url, 'cfgimage');
    scenario.project.editConfig((config) => {
      config.setIn(['deployments', 'hello_world', 'image'], 'ghcr.io/acme/etl:{short_commit}');
    });

    const run = await deploy(scenario);

    const refused = run.result.outcomes.filter((outcome) => outcome.status === 'failed');
    expect(refused.map((outcome) => outcome.flow_name)).toEqual(['hello_world']);
    expect(refused[0]!.error).toContain(
      'flow "hello_world", but work pool "local-pool" has no `image` job variable',
    );
    expect(run.result.outcomes.filter((outcome) => outcome.status === 'created').length).toBeGreaterThan(0);
  });
});

describe('the config file', () => {
  it('an invalid cron: the file and line of the cron, and what a cron looks like', async () => {
    const scenario = newScenario(server.url, 'cron');
    scenario.project.editConfig((config) => {
      config.setIn(
        ['environments', 'dev', 'deployments', 'hello_world', 'schedules'],
        [{ cron: '61 * * * *' }],
      );
    });

    const error = await failureOf(deploy(scenario));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('"61 * * * *" is not a valid cron expression');
    expect(error.message).toContain('5 fields');
    expect((error as PortalError).location).toMatchObject({
      file: EXAMPLE_CONFIG,
      line: configLine(scenario, '61 * * * *'),
    });
    expect((error as PortalError).describe()).toMatch(
      new RegExp(`^examples/\\.acme-portal\\.yml:${configLine(scenario, '61 * * * *')}:\\d+: `),
    );
    await expectNothingWritten(scenario);
  });

  it('a YAML syntax error: the file and line, before anything else happens', async () => {
    const scenario = newScenario(server.url, 'yaml');
    const text = scenario.project.read('.acme-portal.yml');
    scenario.project.write('.acme-portal.yml', text.replace(/^project: .*$/m, 'project: acme-example: oops'));

    const error = await failureOf(deploy(scenario));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('YAML syntax error');
    expect((error as PortalError).location).toMatchObject({
      file: EXAMPLE_CONFIG,
      line: configLine(scenario, 'acme-example: oops'),
    });
    await expectNothingWritten(scenario);
  });

  it('an unknown key: where it is and the key that was meant', async () => {
    const scenario = newScenario(server.url, 'key');
    scenario.project.editConfig((config) => {
      config.setIn(['defaults', 'work_poll'], 'local-pool');
    });

    const error = await failureOf(deploy(scenario));

    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toContain('unknown key `work_poll` in defaults');
    expect(error.message).toContain('did you mean `work_pool`?');
    expect((error as PortalError).location).toMatchObject({
      file: EXAMPLE_CONFIG,
      line: configLine(scenario, 'work_poll'),
    });
    await expectNothingWritten(scenario);
  });

  it('parameters the flows do not take, or of the wrong type: all refused at their lines, nothing written', async () => {
    const scenario = newScenario(server.url, 'params');
    scenario.project.editConfig((config) => {
      config.setIn(['deployments', 'hello_world', 'parameters'], { nmae: 'marvin' });
      config.setIn(['environments', 'dev', 'deployments', 'hello_world', 'parameters'], { name: 42 });
    });

    const error = await failureOf(deploy(scenario));

    expect(error).toBeInstanceOf(AggregatePortalError);
    const problems = (error as AggregatePortalError).errors;
    expect(problems.map((problem) => problem.describe())).toEqual([
      `${EXAMPLE_CONFIG}:${configLine(scenario, 'nmae')}:7: deployments.hello_world.parameters.nmae: hello_world takes no parameter "nmae"; did you mean "name"? It takes name.`,
      `${EXAMPLE_CONFIG}:${configLine(scenario, 'name: 42')}:11: environments.dev.deployments.hello_world.parameters.name: hello_world's parameter "name" takes a string, not an integer (42).`,
    ]);
    await expectNothingWritten(scenario);
  });
});

describe('two flows with one deployment name', () => {
  const COLLIDING_FILE = 'flows/sales/hello_again.py';
  const COLLIDING_FLOW =
    'from prefect import flow\n\n\n@flow(name="hello-world")\ndef greet() -> None:\n    pass\n';

  /** Where the examples define hello_world: its file (relative to the project) and the line of its `def`. */
  async function helloWorldPlace(scenario: Scenario): Promise<{ file: string; line: number }> {
    const flow = (await findFlows(scenario)).flows.find((each) => each.name === 'hello_world')!;
    const file = flow.entrypoint.split(':')[0]!;
    const line =
      scenario.project
        .read(file)
        .split('\n')
        .findIndex((text) => /^(async )?def hello_world\(/.test(text)) + 1;
    return { file, line };
  }

  it('refuses both, naming both places, and deploys every other flow', async () => {
    const scenario = newScenario(server.url, 'collide');
    const original = await helloWorldPlace(scenario);
    scenario.project.write(COLLIDING_FILE, COLLIDING_FLOW);

    const run = await deploy(scenario);

    const name = expectedName(scenario.branch, 'hello_world', 'dev');
    const refused = run.result.outcomes.filter((outcome) => outcome.name === name);
    expect(refused.map((outcome) => outcome.status)).toEqual(['failed', 'failed']);
    for (const outcome of refused) {
      expect(outcome.error).toMatch(/\bhello_again\.py:5\b/);
      expect(outcome.error).toMatch(
        new RegExp(`\\b${basename(original.file).replace('.', '\\.')}:${original.line}\\b`),
      );
      expect(outcome.error).toContain('neither is deployed');
      expect(outcome.error).toContain('name=');
    }
    const others = run.result.outcomes.filter((outcome) => outcome.name !== name);
    expect(others.length).toBeGreaterThan(0);
    for (const outcome of others) expect(outcome.status).toBe('created');
    const onServer = await server.rest.branchDeployments(scenario.branch);
    expect(onServer.has(name)).toBe(false);
    expect(onServer.size).toBe(others.length);
  });

  // Bug: the places are relative to the scan root (`sales/hello_again.py:5`), not to the
  // repository (`examples/flows/sales/hello_again.py:5`) as every other location printed is.
  it('names both places by their path in the repository', async () => {
    const scenario = newScenario(server.url, 'collidepath');
    const original = await helloWorldPlace(scenario);
    scenario.project.write(COLLIDING_FILE, COLLIDING_FLOW);

    const run = await deploy(scenario);

    const refused = run.result.outcomes.find((outcome) => outcome.status === 'failed')!;
    expect(refused.error).toContain(`examples/${COLLIDING_FILE}:5`);
    expect(refused.error).toContain(`examples/${original.file}:${original.line}`);
  });
});
