// The `triggers` setting: Prefect's own trigger objects and the `after:` shorthand, checked as
// Prefect's models check them (defaults filled), located at the config line, refined per environment.
import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parse-config.js';
import { resolveEnvironmentOverrides, resolveFlowSettings } from '../../src/config/resolve-settings.js';
import { problemsOf, wheres } from './problems.js';

const FILE = '.acme-portal.yml';
const load = (text: string) => parseConfig(text, FILE, {}).config;

function triggersOf(text: string, env = 'dev') {
  return resolveFlowSettings(load(text), 'report', env).triggers.map((item) => item.trigger);
}

describe('a trigger as prefect.yaml writes it', () => {
  it.each([
    [
      'an event trigger with only expect',
      '{type: event, expect: [acme.done]}',
      {
        type: 'event',
        match: {},
        match_related: {},
        after: [],
        expect: ['acme.done'],
        for_each: [],
        posture: 'Reactive',
        threshold: 1,
        within: 0,
      },
    ],
    [
      'no type: an event (Prefect infers it)',
      '{expect: [a, a], posture: Proactive}',
      expect.objectContaining({ type: 'event', expect: ['a'], posture: 'Proactive', within: 10 }),
    ],
    [
      'a compound trigger, within as an ISO duration',
      '{require: 1, within: PT1H, triggers: [{expect: [a]}]}',
      expect.objectContaining({ type: 'compound', require: 1, within: 3600 }),
    ],
    [
      'a sequence trigger without within',
      '{triggers: [{expect: [a]}, {expect: [b]}]}',
      expect.objectContaining({ type: 'sequence', within: null }),
    ],
    [
      'a metric trigger with default windows',
      '{type: metric, metric: {name: lateness, threshold: 60, operator: ">"}}',
      expect.objectContaining({
        type: 'metric',
        posture: 'Metric',
        metric: { name: 'lateness', threshold: 60, operator: '>', range: 300, firing_for: 300 },
      }),
    ],
  ])('%s', (_what, item, trigger) => {
    const [read] = triggersOf(`deployments:\n  report:\n    triggers:\n      - ${item}\n`);
    expect(read!.trigger).toEqual(trigger);
    expect(read).toMatchObject({
      name: null,
      description: '',
      enabled: true,
      parameters: null,
      job_variables: null,
    });
  });

  it('passes Jinja in parameters through untouched', () => {
    const [read] = triggersOf(
      'deployments:\n  report:\n    triggers:\n      - expect: [x]\n        parameters: {path: "{{ event.resource.id }}"}\n',
    );
    expect(read!.parameters).toEqual({ path: '{{ event.resource.id }}' });
  });

  it.each([
    [
      '{type: event, expect: [x], expects: [y]}',
      4,
      'unknown key `expects` in a event trigger; did you mean `expect`?',
    ],
    [
      '{type: event, posture: Proactive, within: 5}',
      4,
      '`within` for Proactive triggers must be greater than or equal to 10 seconds',
    ],
    [
      '{type: compound, require: 3, triggers: [{expect: [a]}]}',
      4,
      '`require` must be less than or equal to the number of triggers',
    ],
    ['{type: compound, triggers: [{expect: [a]}]}', 4, 'a compound trigger needs `require`'],
    ['{type: event, within: soon}', 4, 'must be a duration'],
    [
      '{type: sequence, triggers: [{expect: [a], parameters: {}}]}',
      4,
      '`parameters` belongs to the top-level trigger',
    ],
    [
      '{type: metric, metric: {name: speed, threshold: 1, operator: ">"}}',
      4,
      '`name` must be one of lateness, duration, successes',
    ],
    ['{after: extract, states: [Complete]}', 4, 'did you mean Completed?'],
  ])('refuses %s at its line', (item, line, message) => {
    const problems = problemsOf(() => load(`deployments:\n  report:\n    triggers:\n      - ${item}\n`));
    expect(problems.map((problem) => problem.message).join('\n')).toContain(message);
    expect(wheres(problems).every((where) => where.startsWith(`${FILE}:${line}:`))).toBe(true);
  });
});

describe('the after: shorthand', () => {
  it('waits for the named deployment of the same environment to reach the states given', () => {
    const [read] = triggersOf(
      'deployments:\n  report:\n    triggers:\n      - {after: extract/eu, states: [Completed, Failed], within: 60, name: chain}\n',
    );
    expect(read).toMatchObject({ after: 'extract/eu', name: 'chain' });
    expect(read!.trigger).toEqual({
      type: 'event',
      match: { 'prefect.resource.id': 'prefect.flow-run.*' },
      match_related: {
        'prefect.resource.id': '{deployment:extract/eu}',
        'prefect.resource.role': 'deployment',
      },
      after: [],
      expect: ['prefect.flow-run.Completed', 'prefect.flow-run.Failed'],
      for_each: [],
      posture: 'Reactive',
      threshold: 1,
      within: 60,
    });
  });
});

describe('triggers across levels', () => {
  const text = [
    'deployments:',
    '  report:',
    '    triggers: [{after: extract}]',
    'environments:',
    '  dev:',
    '  prod:',
    '    deployments:',
    '      report:',
    '        triggers: [{after: extract, states: [Failed]}, {expect: [x]}]',
    '  tst:',
    '    triggers: []',
    '',
  ].join('\n');

  it('a lower level replaces the list whole, [] clears it', () => {
    expect(triggersOf(text, 'dev').map((item) => item.after)).toEqual(['extract']);
    expect(triggersOf(text, 'prod')).toHaveLength(2);
    expect(triggersOf(text, 'tst')).toEqual([]);
  });

  it('each trigger knows its line; promote sees only the environment levels', () => {
    const settings = resolveFlowSettings(load(text), 'report', 'prod');
    expect(settings.triggers.map((item) => item.location?.line)).toEqual([9, 9]);
    expect(resolveEnvironmentOverrides(load(text), 'report', 'dev').triggers).toBeUndefined();
    expect(resolveEnvironmentOverrides(load(text), 'report', 'prod').triggers).toHaveLength(2);
  });
});
