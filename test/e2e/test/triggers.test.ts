// Triggers deployed as Prefect automations, end to end: an `after:` chain, a raw event trigger
// with a Jinja parameter, a compound trigger and a `{deployment:…}` reference are deployed,
// re-deployed without a write, updated in place, deleted, promoted dev -> prod and cleaned up.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { isMap, type Document, type YAMLMap } from 'yaml';
import {
  cleanup,
  deploy,
  expectedName,
  failureOf,
  findFlows,
  newScenario,
  promote,
  type Scenario,
} from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import type { AutomationView } from '../prefect-rest.js';
import { prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

const MANAGED_TAG = 'managed-by:acme-portal';

const HELLO_TRIGGERS = [
  { after: 'weekly_summary' },
  {
    type: 'event',
    name: 'file-landed',
    match: { 'prefect.resource.id': 'acme.file.*' },
    expect: ['acme.file.landed'],
    parameters: { name: '{{ event.resource.id }}' },
  },
];

const WEEKLY_TRIGGERS = [
  {
    type: 'compound',
    require: 'all',
    within: 3600,
    triggers: [
      {
        type: 'event',
        expect: ['prefect.flow-run.Completed'],
        match_related: { 'prefect.resource.id': '{deployment:cleanup_temp_files}' },
      },
      { type: 'event', expect: ['acme.report.requested'] },
    ],
  },
];

function setTriggers(config: Document, flow: string, triggers: unknown[]) {
  const deployments = config.get('deployments') as YAMLMap;
  if (!isMap(deployments.get(flow))) deployments.set(flow, config.createNode({}));
  config.setIn(['deployments', flow, 'triggers'], config.createNode(triggers));
}

function withChain(scenario: Scenario) {
  scenario.project.editConfig((config) => {
    setTriggers(config, 'hello_world', HELLO_TRIGGERS);
    setTriggers(config, 'weekly_summary', WEEKLY_TRIGGERS);
  });
}

async function idsIn(scenario: Scenario, env: string): Promise<Map<string, string>> {
  const deployments = await server.rest.branchDeployments(scenario.branch);
  return new Map(
    [...deployments.values()]
      .filter((deployment) => deployment.name.endsWith(`--${env}`))
      .map((deployment) => [deployment.name.split('--')[2]!.replace(/-/g, '_'), deployment.id]),
  );
}

/** The automations that run this branch's deployments in `env`, by name. */
async function automationsIn(scenario: Scenario, env: string): Promise<Map<string, AutomationView>> {
  const ids = await idsIn(scenario, env);
  const found = await server.rest.automationsRunning(ids.values());
  return new Map(found.map((automation) => [automation.name, automation]));
}

function automationWrites(): string[] {
  return server
    .fake!.requests.filter(
      (request) => request.path.startsWith('/automations') && !request.path.endsWith('/filter'),
    )
    .map((request) => `${request.method} ${request.path}`);
}

describe('triggers as automations', () => {
  it('deploys a chain, an event, a compound trigger and a reference; re-deploys with no write; updates in place; deletes', async () => {
    const scenario = newScenario(server.url, 'triggers');
    withChain(scenario);

    const first = await deploy(scenario);

    const dev = await idsIn(scenario, 'dev');
    const hello = expectedName(scenario.branch, 'hello_world', 'dev');
    const weekly = expectedName(scenario.branch, 'weekly_summary', 'dev');
    expect(first.result.automations.map((each) => [each.name, each.status, each.error]).sort()).toEqual([
      [`${hello}__automation_1`, 'created', null],
      [`${weekly}__automation_1`, 'created', null],
      ['file-landed', 'created', null],
    ]);
    let automations = await automationsIn(scenario, 'dev');
    const chain = automations.get(`${hello}__automation_1`)!;
    // Built as `prefect deploy` builds it, the reference resolved to this environment's deployment.
    expect(chain).toMatchObject({
      description: '',
      enabled: true,
      tags: [MANAGED_TAG],
      trigger: {
        type: 'event',
        match: { 'prefect.resource.id': 'prefect.flow-run.*' },
        match_related: {
          'prefect.resource.id': `prefect.deployment.${dev.get('weekly_summary')}`,
          'prefect.resource.role': 'deployment',
        },
        after: [],
        expect: ['prefect.flow-run.Completed'],
        for_each: [],
        posture: 'Reactive',
        threshold: 1,
        within: 0,
      },
      actions: [
        {
          type: 'run-deployment',
          source: 'selected',
          deployment_id: dev.get('hello_world'),
          parameters: null,
          job_variables: null,
          schedule_after: 0,
        },
      ],
    });
    expect(automations.get('file-landed')!.actions[0]!.parameters).toEqual({
      name: '{{ event.resource.id }}',
    });
    const compound = automations.get(`${weekly}__automation_1`)!.trigger as {
      triggers: { match_related: unknown }[];
    };
    expect(compound).toMatchObject({ type: 'compound', require: 'all', within: 3600 });
    expect(compound.triggers[0]!.match_related).toEqual({
      'prefect.resource.id': `prefect.deployment.${dev.get('cleanup_temp_files')}`,
    });

    // The portal view: each deployment's triggers in one short form, references as flow names.
    const portal = await findFlows(scenario, { 'with-deployments': true, branch: scenario.branch });
    const triggersOf = (flow: string) =>
      portal.flows.find((each) => each.name === flow)!.deployments!['dev']![0]!.triggers;
    expect(triggersOf('hello_world')).toEqual(['after weekly_summary (Completed)', 'event acme.file.landed']);
    expect(triggersOf('weekly_summary')).toEqual([
      'all of (event prefect.flow-run.Completed; event acme.report.requested)',
    ]);

    // Unchanged: not one automation written.
    server.fake?.resetRequests();
    const again = await deploy(scenario);
    expect(again.result.automations.every((each) => each.status === 'unchanged')).toBe(true);
    if (server.fake) expect(automationWrites()).toEqual([]);
    const unchanged = await automationsIn(scenario, 'dev');
    expect([...unchanged.values()].map((each) => [each.id, each.updated])).toEqual(
      [...automations.values()].map((each) => [each.id, each.updated]),
    );

    // A changed trigger is replaced in place: the same id, the new body.
    scenario.project.editConfig((config) =>
      config.setIn(['deployments', 'hello_world', 'triggers', 1, 'parameters', 'name'], '{{ event.id }}'),
    );
    server.fake?.resetRequests();
    const changed = await deploy(scenario);
    expect(changed.result.automations.filter((each) => each.status !== 'unchanged')).toEqual([
      expect.objectContaining({ name: 'file-landed', status: 'updated' }),
    ]);
    if (server.fake)
      expect(automationWrites()).toEqual([`PUT /automations/${automations.get('file-landed')!.id}`]);
    automations = await automationsIn(scenario, 'dev');
    expect(automations.get('file-landed')!.actions[0]!.parameters).toEqual({ name: '{{ event.id }}' });

    // A trigger removed from the config: its automation is deleted.
    scenario.project.editConfig((config) => config.deleteIn(['deployments', 'hello_world', 'triggers', 0]));
    const removed = await deploy(scenario);
    expect(removed.result.automations.filter((each) => each.status !== 'unchanged')).toEqual([
      expect.objectContaining({ name: `${hello}__automation_1`, status: 'deleted' }),
    ]);
    expect([...(await automationsIn(scenario, 'dev')).keys()].sort()).toEqual(
      ['file-landed', `${weekly}__automation_1`].sort(),
    );
  });

  it('promotes dev -> prod with references rewritten, unchanged on re-promote, refused without the referenced flow, and cleaned up', async () => {
    const scenario = newScenario(server.url, 'trig-promote');
    withChain(scenario);
    await deploy(scenario);

    // hello_world alone: its chain waits for weekly_summary, which prod does not have yet.
    const alone = await promote(scenario, {
      'source-env': 'dev',
      'target-env': 'prod',
      flows: ['hello_world'],
    });
    const refusal = alone.result.outcomes.find((outcome) => outcome.flow_name === 'hello_world')!;
    expect(refusal.status).toBe('failed');
    expect(refusal.error).toContain('"weekly_summary"');
    expect(await idsIn(scenario, 'prod')).toEqual(new Map());

    const promoted = await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' });
    expect(promoted.result.outcomes.every((outcome) => outcome.status === 'created')).toBe(true);
    const prod = await idsIn(scenario, 'prod');
    const prodAutomations = await automationsIn(scenario, 'prod');
    const hello = expectedName(scenario.branch, 'hello_world', 'prod');
    const weekly = expectedName(scenario.branch, 'weekly_summary', 'prod');
    expect([...prodAutomations.keys()].sort()).toEqual(
      ['file-landed', `${hello}__automation_1`, `${weekly}__automation_1`].sort(),
    );
    expect(prodAutomations.get(`${hello}__automation_1`)!.trigger).toMatchObject({
      match_related: { 'prefect.resource.id': `prefect.deployment.${prod.get('weekly_summary')}` },
    });
    expect(prodAutomations.get(`${hello}__automation_1`)!.actions[0]!.deployment_id).toBe(
      prod.get('hello_world'),
    );
    const compound = prodAutomations.get(`${weekly}__automation_1`)!.trigger as {
      triggers: { match_related: unknown }[];
    };
    expect(compound.triggers[0]!.match_related).toEqual({
      'prefect.resource.id': `prefect.deployment.${prod.get('cleanup_temp_files')}`,
    });
    // dev's automations are untouched.
    expect((await automationsIn(scenario, 'dev')).size).toBe(3);

    server.fake?.resetRequests();
    const again = await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' });
    expect(again.result.automations.every((each) => each.status === 'unchanged')).toBe(true);
    if (server.fake) expect(automationWrites()).toEqual([]);

    const devIds = [...(await idsIn(scenario, 'dev')).values()];
    const prodIds = [...prod.values()];
    const swept = await cleanup(scenario, { branch: [scenario.branch] });
    expect(swept.result.outcomes.every((outcome) => outcome.status === 'deleted')).toBe(true);
    expect(swept.result.automations).toHaveLength(6);
    expect(await server.rest.automationsRunning([...devIds, ...prodIds])).toEqual([]);
  });

  it('refuses an unknown reference and a metric trigger off Cloud before writing anything', async () => {
    const scenario = newScenario(server.url, 'trig-refuse');
    scenario.project.editConfig((config) =>
      setTriggers(config, 'hello_world', [
        { after: 'no_such_flow' },
        { type: 'metric', metric: { name: 'lateness', threshold: 60, operator: '>' } },
      ]),
    );

    const error = await failureOf(deploy(scenario));

    expect(error.message).toMatch(/2 problems/);
    const all = JSON.stringify(
      (error as unknown as { errors: { message: string }[] }).errors.map((each) => each.message),
    );
    expect(all).toContain('\\"no_such_flow\\", which is not a flow of this project');
    expect(all).toContain('metric triggers exist only in Prefect Cloud');
    expect(await idsIn(scenario, 'dev')).toEqual(new Map());
  });

  it('reports an automation disabled in the UI as a change, and enables it again', async () => {
    const scenario = newScenario(server.url, 'trig-drift');
    withChain(scenario);
    await deploy(scenario);
    const automation = (await automationsIn(scenario, 'dev')).get('file-landed')!;
    await server.rest.patchAutomation(automation.id, { enabled: false });

    const dry = await deploy(scenario, { 'dry-run': true });
    expect(
      dry.result.plan.automations!.changes.find((change) => change.name === 'file-landed'),
    ).toMatchObject({
      action: 'update',
      fields: ['enabled'],
    });
    await deploy(scenario);
    expect((await automationsIn(scenario, 'dev')).get('file-landed')!.enabled).toBe(true);
  });
  it('prunes the automations of a deployment it deletes, which the server would leave behind', async () => {
    const scenario = newScenario(server.url, 'trig-prune');
    scenario.project.editConfig((config) => setTriggers(config, 'weekly_summary', WEEKLY_TRIGGERS));
    await deploy(scenario);
    const weeklyId = (await idsIn(scenario, 'dev')).get('weekly_summary')!;
    expect(await server.rest.automationsRunning([weeklyId])).toHaveLength(1);

    scenario.project.remove('flows/reports/weekly.py');
    scenario.project.editConfig((config) => config.deleteIn(['deployments', 'weekly_summary']));
    const pruned = await deploy(scenario, { prune: true });

    expect(pruned.result.outcomes.find((outcome) => outcome.flow_name === 'weekly_summary')?.status).toBe(
      'deleted',
    );
    expect(pruned.result.automations.map((each) => each.status)).toEqual(['deleted']);
    expect(await server.rest.automationsRunning([weeklyId])).toEqual([]);
  });
});
