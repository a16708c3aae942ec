import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parse-config.js';
import { resolveFlowSettings } from '../../src/config/resolve-settings.js';
import { onlyProblem, problemsOf, wheres } from './problems.js';

const FILE = '.acme_portal_sdk/static_flow_deploy_config.yaml';
const load = (text: string) => parseConfig(text, FILE, {});

/** The shape acme-portal-sdk's own example project (acme-prefect) ships, in our words. */
const SDK_FILE = `fetch_data:
  name: fetch_data
  import_path: acme_prefect.flows.fetch_data:main
  cron: "0 12 * * 1-5"
  description: Fetches market data
  work_pool_name: ecs-pool

hello_world:
  name: hello_world
  import_path: acme_prefect.flows.hello_world:hello_world
  cron: "0 12 * * 1-5"
  description: Hello World
  work_pool_name: ecs-pool
`;

describe('the acme-portal-sdk static_flow_deploy_config.yaml', () => {
  it('is recognised and converted to our model', () => {
    const { config } = load(SDK_FILE);
    expect(config.format).toBe('legacy');
    expect(config.environments).toEqual([]);
    expect(config.deployments.hello_world).toEqual({
      schedules: [{ cron: '0 12 * * 1-5' }],
      description: 'Hello World',
      work_pool: 'ecs-pool',
    });
  });

  it('keeps the SDK defaults: work pool ecs-pool, concurrency limit 1, not paused', () => {
    const { config } = load('report:\n  description: Daily report\n');
    const settings = resolveFlowSettings(config, 'report', 'dev');
    expect(settings).toMatchObject({
      work_pool: 'ecs-pool',
      concurrency_limit: 1,
      paused: false,
      description: 'Daily report',
      schedules: [],
    });
    expect(settings.origins.work_pool?.path).toBe('defaults (legacy default)');
  });

  it('maps every key it reads', () => {
    const { config } = load(`etl:
  cron: "30 6 * * *"
  work_pool_name: k8s
  work_queue_name: high
  parameters: {days: 3}
  paused: true
  concurrency_limit: 4
  job_variables: {cpu: 1024}
`);
    const settings = resolveFlowSettings(config, 'etl', 'prod');
    expect(settings).toMatchObject({
      work_pool: 'k8s',
      work_queue: 'high',
      parameters: { days: 3 },
      paused: true,
      concurrency_limit: 4,
      job_variables: { cpu: 1024 },
      schedules: [{ schedule: { cron: '30 6 * * *' }, active: true }],
    });
    expect(settings.origins.work_pool).toEqual({
      path: 'etl.work_pool_name',
      location: { file: FILE, line: 3, column: 3 },
    });
  });

  it('reports a typo in a legacy key against the legacy keys', () => {
    const problem = onlyProblem(() => load('hello_world:\n  cron: "0 6 * * *"\n  work_pool_nme: ecs-pool\n'));
    expect(wheres([problem])).toEqual([`${FILE}:3:3`]);
    expect(problem.message).toContain(
      'unknown key `work_pool_nme` in hello_world; did you mean `work_pool_name`?',
    );
  });

  it('validates the cron as strictly as ours', () => {
    const problem = onlyProblem(() => load('hello_world:\n  cron: "0 12 * * 1-8"\n'));
    expect(wheres([problem])).toEqual([`${FILE}:2:9`]);
    expect(problem.message).toContain('hello_world.cron: "0 12 * * 1-8" is not a valid cron expression');
  });

  it('reads the SDK trigger classes as the list form, one trigger per class, in file order', () => {
    const sdk = load(
      [
        'hello_world:',
        '  cron: "0 6 * * *"',
        '  triggers:',
        '    DeploymentEventTrigger:',
        '      expect: [acme.file.landed]',
        '      parameters: {path: "{{ event.resource.id }}"}',
        '    DeploymentCompoundTrigger:',
        '      require: any',
        '      triggers: [{expect: [a]}, {expect: [b]}]',
        '',
      ].join('\n'),
    );
    const ours = parseConfig(
      [
        'deployments:',
        '  hello_world:',
        '    triggers:',
        '      - type: event',
        '        expect: [acme.file.landed]',
        '        parameters: {path: "{{ event.resource.id }}"}',
        '      - type: compound',
        '        require: any',
        '        triggers: [{expect: [a]}, {expect: [b]}]',
        '',
      ].join('\n'),
      '.acme-portal.yml',
      {},
    );
    const triggersOf = (config: typeof sdk.config) =>
      resolveFlowSettings(config, 'hello_world', 'dev').triggers.map((item) => item.trigger);
    expect(triggersOf(sdk.config)).toEqual(triggersOf(ours.config));
    expect(triggersOf(sdk.config).map((item) => item.trigger.type)).toEqual(['event', 'compound']);
  });

  it('refuses an unknown trigger class at its key', () => {
    const problems = problemsOf(() =>
      load('hello_world:\n  cron: "0 6 * * *"\n  triggers:\n    DeploymentEventTriger: {expect: [x]}\n'),
    );
    expect(wheres(problems)).toEqual([`${FILE}:4:5`]);
    expect(problems[0]!.message).toContain('did you mean `DeploymentEventTrigger`?');
  });

  it('is not taken for a file of ours with a misspelt top-level key', () => {
    const problem = onlyProblem(() => load('defaults: {work_pool: p}\ndeployment:\n  etl: {work_pool: q}\n'));
    expect(problem.message).toContain(
      'unknown key `deployment` in the top level; did you mean `deployments`?',
    );
  });
});
