import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { PlanItem } from '../../src/plan/plan.js';
import type { AutomationChange } from '../../src/automations/automation-plan.js';
import { describeChange, keyChanges } from '../../src/review/describe-change.js';
import { findDrift } from '../../src/review/drift.js';
import { planCommentBody, planCommentMarker } from '../../src/review/plan-comment.js';

function item(action: PlanItem['action'], name: string, extra: Partial<PlanItem> = {}): PlanItem {
  return {
    action,
    name,
    flowName: name,
    env: 'dev',
    spec: null,
    existing: null,
    changes: [],
    reason: null,
    ...extra,
  };
}

const context = {
  project: 'etl',
  env: 'dev',
  configFile: '.acme-portal.yml',
  branch: 'main',
  commit: 'a'.repeat(40),
  runUrl: 'https://github.com/acme/etl/actions/runs/9',
};

describe('describeChange', () => {
  it.each([
    [{ field: 'paused', from: true, to: false }, ['paused: true → false']],
    [{ field: 'version', from: 'main-' + 'a'.repeat(40), to: 'main-' + 'b'.repeat(40) }, ['version']],
    [{ field: 'work_pool_name', from: 'old', to: 'new' }, ['work_pool_name: "old" → "new"']],
    [{ field: 'parameters', from: { a: 1, b: 2 }, to: { a: 1, b: 3, c: 4 } }, ['parameters: +c, ~b']],
    [
      { field: 'tags', from: ['x', 'COMMIT_HASH=1', 'gone'], to: ['x', 'COMMIT_HASH=2', 'new'] },
      ['tags: +new, ~COMMIT_HASH, -gone'],
    ],
    [
      {
        field: 'job_variables',
        from: { env: { LOG_LEVEL: 'DEBUG', OLD: '1' }, image: 'a' },
        to: { env: { LOG_LEVEL: 'INFO', API_URL: 'https://x' }, image: 'b' },
      },
      ['env: +API_URL, ~LOG_LEVEL, -OLD', 'job_variables: ~image'],
    ],
  ])('%j reads %j', (change, expected) => {
    expect(describeChange(change)).toEqual(expected);
  });

  it('never shows an environment variable value, whatever it is', () => {
    const value = fc.string({ minLength: 3 }).filter((text) => !/^[A-Z_+~, :-]*$/.test(text));
    fc.assert(
      fc.property(value, value, (before, after) => {
        const text = describeChange({
          field: 'job_variables',
          from: { env: { SECRET: before } },
          to: { env: { SECRET: after } },
        }).join('\n');
        return (
          (before === after || text === 'env: ~SECRET') && !text.includes(before) && !text.includes(after)
        );
      }),
    );
  });

  it('keyChanges is empty for equal mappings', () => {
    expect(keyChanges({ a: [1] }, { a: [1] })).toBe('');
  });
});

describe('planCommentBody', () => {
  it('starts with the marker, lists what changes, counts what does not, links the run', () => {
    const body = planCommentBody(
      {
        items: [
          item('create', 'etl--main--new--dev'),
          item('update', 'etl--main--a--dev', { changes: [{ field: 'paused', from: true, to: false }] }),
          item('delete', 'etl--main--old--dev', { reason: 'its flow no longer exists in the repository' }),
          item('refuse', 'etl--main--bad--dev', { reason: 'a | pipe\nand a newline' }),
          item('unchanged', 'etl--main--b--dev'),
          item('unchanged', 'etl--main--c--dev'),
        ],
      },
      context,
    );
    expect(body.split('\n')[0]).toBe(planCommentMarker('dev', '.acme-portal.yml'));
    expect(body).toContain('**1 to create, 1 to update, 1 to delete, 1 refused, 2 unchanged.**');
    expect(body).toContain('| `etl--main--a--dev` | ✏️ update | paused: true → false |');
    expect(body).toContain(
      '| `etl--main--old--dev` | 🗑️ delete | its flow no longer exists in the repository |',
    );
    expect(body).toContain('| `etl--main--bad--dev` | ❌ refused | a \\| pipe and a newline |');
    expect(body).not.toContain('etl--main--b--dev');
    expect(body).toContain('2 deployments unchanged.');
    expect(body).toContain('[The run](https://github.com/acme/etl/actions/runs/9)');
  });

  it('stays under GitHub’s comment limit with thousands of deployments, saying how many it left out', () => {
    const items = Array.from({ length: 3000 }, (_, index) =>
      item('create', `etl--main--flow-with-a-rather-long-name-${index}--dev`),
    );
    const body = planCommentBody({ items }, context);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toMatch(/… and \d+ more: the run's summary lists them all\./);
    expect(body).toContain('**3000 to create.**');
  });

  it('gives every environment and config file its own marker, which cannot close the HTML comment early', () => {
    expect(planCommentMarker('dev', 'a.yml')).not.toBe(planCommentMarker('tst', 'a.yml'));
    expect(planCommentMarker('dev', 'a.yml')).not.toBe(planCommentMarker('dev', 'b.yml'));
    expect(planCommentMarker('dev', 'x-->y.yml').slice(4, -3)).not.toContain('--');
  });
});

describe('findDrift', () => {
  it('reads creates as missing, updates as changed, deletes as extra, and ignores the rest', () => {
    const drift = findDrift({
      items: [
        item('create', 'gone'),
        item('update', 'edited', { changes: [{ field: 'parameters', from: { a: 1 }, to: { a: 2 } }] }),
        item('delete', 'orphan', { reason: 'its flow no longer exists in the repository' }),
        item('unchanged', 'fine'),
        item('refuse', 'broken', { reason: 'x' }),
      ],
    });
    expect(drift.map((each) => [each.name, each.kind, each.differences])).toEqual([
      ['gone', 'missing', ['not in Prefect (deleted by hand?)']],
      ['edited', 'changed', ['parameters: ~a']],
      ['orphan', 'extra', ['its flow no longer exists in the repository']],
    ]);
  });
});

describe('trigger changes in the review', () => {
  const trigger = {
    name: null,
    description: '',
    enabled: true,
    parameters: null,
    job_variables: null,
    schedule_after: 0,
    after: 'extract',
    trigger: { type: 'event', expect: ['prefect.flow-run.Completed'] },
  };
  const change = (
    action: AutomationChange['action'],
    name: string,
    extra: Partial<AutomationChange> = {},
  ) => ({
    action,
    name,
    deployment: 'etl--main--load--dev',
    flowName: 'load',
    summary: 'after extract (Completed)',
    fields: [],
    id: null,
    trigger: action === 'delete' ? null : trigger,
    references: {},
    ...extra,
  });
  const plan = {
    items: [item('unchanged', 'etl--main--load--dev')],
    automations: {
      changes: [
        change('create', 'chain'),
        change('update', 'edited', { fields: ['enabled'] }),
        change('delete', 'old', { reason: 'its trigger is no longer in the config' }),
        change('unchanged', 'same'),
      ],
    },
  };

  it('lists every automation to write in the plan comment, and counts them', () => {
    const body = planCommentBody(plan, context);
    expect(body).toContain('**1 unchanged, 3 triggers to change.**');
    expect(body).toContain('| `etl--main--load--dev` | `chain` | 🆕 create | after extract (Completed) |');
    expect(body).toContain(
      '| `etl--main--load--dev` | `edited` | ✏️ update | enabled: after extract (Completed) |',
    );
    expect(body).toContain(
      '| `etl--main--load--dev` | `old` | 🗑️ delete | delete: its trigger is no longer in the config |',
    );
    expect(body).not.toContain('`same`');
  });

  it('reads an automation deleted, disabled or left over in the UI as drift', () => {
    expect(findDrift(plan).map((each) => [each.name, each.kind, each.differences])).toEqual([
      [
        'etl--main--load--dev › automation chain',
        'missing',
        ['automation not in Prefect (deleted in the UI?)'],
      ],
      ['etl--main--load--dev › automation edited', 'changed', ['enabled: false → true']],
      ['etl--main--load--dev › automation old', 'extra', ['its trigger is no longer in the config']],
    ]);
  });
});
