// A deployment's triggers become the automations `prefect deploy` makes from the same prefect.yaml
// items (recorded from the 3.8.3 CLI in prefect-deploy-3.8.3.json), apart from our managed tag;
// the planner then adopts those automations in place instead of making a second set.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { automationBody, automationName, MANAGED_TAG } from '../../src/automations/automation-body.js';
import { planAutomations, type ReferenceBook } from '../../src/automations/automation-plan.js';
import { readDeploymentTrigger } from '../../src/automations/trigger-schema.js';
import type { ServerAutomation } from '../../src/prefect/server-automation.js';

const recorded = JSON.parse(
  readFileSync(new URL('./prefect-deploy-3.8.3.json', import.meta.url), 'utf8'),
) as {
  deployment_id: string;
  automations: Record<string, unknown>[];
};

/** The `triggers:` of the prefect.yaml the CLI deployed, as a prefect.yaml holds them. */
const PREFECT_YAML_TRIGGERS = `
- type: event
  enabled: true
  match:
    prefect.resource.id: prefect.flow-run.*
  expect:
  - prefect.flow-run.Completed
  parameters:
    source: "{{ event.resource.id }}"
- type: compound
  require: all
  within: 3600
  triggers:
  - type: event
    match:
      prefect.resource.id: acme.file.a
    expect: [acme.file.landed]
  - type: event
    match:
      prefect.resource.id: acme.file.b
    expect: [acme.file.landed]
- type: sequence
  name: seq-named
  description: a sequence
  within: 600
  job_variables:
    env:
      X: "1"
  triggers:
  - expect: [acme.step.one]
  - expect: [acme.step.two]
    posture: Reactive
`;

function triggers() {
  return (parse(PREFECT_YAML_TRIGGERS) as unknown[]).map((item) =>
    readDeploymentTrigger(item, (message) => {
      throw new Error(message);
    })!,
  );
}

const noReferences: ReferenceBook = {
  where: 'environment "dev"',
  knowsFlow: () => false,
  lookup: () => undefined,
};

describe('the automation body', () => {
  it('is what prefect deploy creates from the same prefect.yaml items, field for field, plus our tag', () => {
    const bodies = triggers().map((trigger, index) => {
      const { owner_resource: owner, ...body } = automationBody(
        trigger,
        recorded.deployment_id,
        automationName(trigger, 'tr15-downstream', index),
      );
      expect(owner).toBe(`prefect.deployment.${recorded.deployment_id}`);
      return body;
    });
    expect(bodies).toEqual(
      recorded.automations.map((automation) => ({ ...automation, tags: [MANAGED_TAG] })),
    );
  });
});

describe('planning against what prefect deploy left', () => {
  const existing = recorded.automations.map(
    (automation, index) =>
      ({ ...automation, id: `00000000-0000-4000-8000-00000000000${index}` }) as ServerAutomation,
  );
  const target = (list = triggers()) => ({
    deployment: 'tr15-downstream',
    flowName: 'downstream',
    deploymentId: recorded.deployment_id,
    triggers: list.map((trigger) => ({ trigger })),
  });

  it('adopts them in place: only the tag differs', () => {
    const { plan, problems } = planAutomations({
      targets: [target()],
      existing,
      references: noReferences,
      isCloud: false,
    });
    expect(problems).toEqual([]);
    expect(plan.changes.map((change) => [change.name, change.action, change.fields, change.id])).toEqual([
      ['tr15-downstream__automation_1', 'update', ['tags'], existing[0]!.id],
      ['tr15-downstream__automation_2', 'update', ['tags'], existing[1]!.id],
      ['seq-named', 'update', ['tags'], existing[2]!.id],
    ]);
  });

  it('finds nothing to write once they carry the tag, and deletes only tagged ones it no longer has', () => {
    const tagged = existing.map((automation) => ({ ...automation, tags: [MANAGED_TAG] }));
    const unchanged = planAutomations({
      targets: [target()],
      existing: tagged,
      references: noReferences,
      isCloud: false,
    });
    expect(unchanged.plan.changes.map((change) => change.action)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);

    const mixed = [tagged[0]!, existing[1]!, tagged[2]!];
    const fewer = planAutomations({
      targets: [target(triggers().slice(0, 1))],
      existing: mixed,
      references: noReferences,
      isCloud: false,
    });
    expect(fewer.plan.changes.map((change) => [change.name, change.action])).toEqual([
      ['tr15-downstream__automation_1', 'unchanged'],
      ['seq-named', 'delete'],
    ]);
  });

  it.each([
    ['disabled in the UI', { enabled: false }, ['enabled']],
    ['its trigger edited', { trigger: { ...existing[0]!.trigger, threshold: 2, id: 'x' } }, ['trigger']],
    [
      'its parameters edited',
      { actions: [{ ...existing[0]!.actions[0], parameters: { source: 'x' } }] },
      ['actions'],
    ],
  ])('names the field of an automation %s', (_what, edit, fields) => {
    const drifted = [{ ...existing[0]!, tags: [MANAGED_TAG], ...edit } as ServerAutomation];
    const { plan } = planAutomations({
      targets: [target(triggers().slice(0, 1))],
      existing: drifted,
      references: noReferences,
      isCloud: false,
    });
    expect(plan.changes[0]).toMatchObject({ action: 'update', fields });
  });

  it('refuses a metric trigger off Cloud and a reference to no deployment, at the trigger', () => {
    const [metric] = [
      readDeploymentTrigger(
        { type: 'metric', metric: { name: 'lateness', threshold: 1, operator: '>' } },
        () => undefined,
      )!,
    ];
    const reference = readDeploymentTrigger({ after: 'extract' }, () => undefined)!;
    const location = { file: '.acme-portal.yml', line: 7 };
    const { problems } = planAutomations({
      targets: [
        {
          ...target([]),
          triggers: [
            { trigger: metric!, location },
            { trigger: reference, location },
          ],
        },
      ],
      existing: [],
      references: { ...noReferences, knowsFlow: (flow) => flow === 'extract' },
      isCloud: false,
    });
    expect(problems.map((problem) => [problem.message, problem.location?.line])).toEqual([
      [expect.stringContaining('metric triggers exist only in Prefect Cloud'), 7],
      [expect.stringContaining('refers to "extract", which has no deployment in environment "dev"'), 7],
    ]);
    const onCloud = planAutomations({
      targets: [{ ...target([]), triggers: [{ trigger: metric! }] }],
      existing: [],
      references: noReferences,
      isCloud: true,
    });
    expect(onCloud.problems).toEqual([]);
  });
});
