// The state a plan compares is the one the server keeps: settings it refuses or drops are not
// compared, reshaped ones are compared in its shape, and each unkept setting is warned about once.
import { describe, expect, it } from '@jest/globals';
import { buildDeploymentSpec } from '../../src/deploy/build-deployment-spec.js';
import { keptSpec, serverChanges, unkeptSettingWarnings } from '../../src/plan/kept-state.js';
import { server } from '../prefect/client/server-version-of.js';
import type { ServerDeployment } from '../../src/prefect/server-deployment.js';
import { aFlow, facts, someSettings } from '../deploy/fixtures.js';

const spec = buildDeploymentSpec({
  flow: aFlow('hello_world'),
  env: 'dev',
  settings: someSettings({
    schedules: [
      {
        schedule: { cron: '0 6 * * *', timezone: 'UTC' },
        active: true,
        parameters: { who: 'team' },
        max_scheduled_runs: 3,
      },
    ],
    concurrency_limit: 2,
    concurrency_options: { collision_strategy: 'CANCEL_NEW' },
    paused: false,
  }),
  facts: {
    ...facts,
    versionInfo: { type: 'vcs:github', version: '01234567' },
  },
  poolTakesImage: true,
});

describe('keptSpec', () => {
  // [server, schedule keys kept, concurrency_limit, concurrency_options, version_info kept]
  const rows: [string, string[], number | null, unknown, boolean][] = [
    ['2.20.25', ['active', 'schedule', 'slug'], null, null, false],
    ['3.0.11', ['active', 'schedule', 'slug'], 2, { collision_strategy: 'CANCEL_NEW' }, false],
    ['3.2.15', ['active', 'parameters', 'schedule', 'slug'], 2, { collision_strategy: 'CANCEL_NEW' }, false],
    ['3.4.25', ['active', 'parameters', 'schedule', 'slug'], 2, { collision_strategy: 'CANCEL_NEW' }, false],
    [
      '3.6.29',
      ['active', 'parameters', 'schedule', 'slug'],
      2,
      { collision_strategy: 'CANCEL_NEW', grace_period_seconds: null },
      false,
    ],
    [
      '3.8.3',
      ['active', 'parameters', 'schedule', 'slug'],
      2,
      { collision_strategy: 'CANCEL_NEW', grace_period_seconds: null },
      false,
    ],
  ];

  it.each(rows)('Prefect %s', (version, scheduleKeys, limit, options, versionInfo) => {
    const kept = keptSpec(spec, server(version));
    expect(Object.keys(kept.schedules[0]!).sort()).toEqual(scheduleKeys);
    expect(kept.concurrency_limit).toBe(limit);
    expect(kept.concurrency_options).toEqual(options);
    expect('version_info' in kept).toBe(versionInfo);
  });

  it('keeps a grace period from 3.6.6 on and leaves it out before', () => {
    const withGrace = {
      ...spec,
      concurrency_options: { collision_strategy: 'ENQUEUE' as const, grace_period_seconds: 120 },
    };
    expect(keptSpec(withGrace, server('3.6.6')).concurrency_options).toEqual(withGrace.concurrency_options);
    expect(keptSpec(withGrace, server('3.6.5')).concurrency_options).toEqual({
      collision_strategy: 'ENQUEUE',
    });
  });

  it('never changes the spec it is given (that one is what gets written)', () => {
    const before = structuredClone(spec);
    keptSpec(spec, server('2.20.25'));
    expect(spec).toEqual(before);
  });
});

describe('serverChanges', () => {
  /** What 3.8.3 answers after a POST of `spec` (as observed on a live server). */
  const answered: ServerDeployment = {
    id: 'd1',
    name: spec.name,
    flow_id: 'f1',
    version: spec.version,
    description: spec.description,
    tags: spec.tags,
    labels: { 'prefect.flow.id': 'f1' },
    entrypoint: spec.entrypoint,
    path: spec.path,
    pull_steps: spec.pull_steps,
    job_variables: spec.job_variables,
    parameters: spec.parameters,
    parameter_openapi_schema: spec.parameter_openapi_schema,
    enforce_parameter_schema: true,
    work_pool_name: spec.work_pool_name,
    work_queue_name: 'default',
    paused: false,
    schedules: [
      {
        id: 's1',
        schedule: { cron: '0 6 * * *', timezone: 'UTC', day_or: true },
        active: true,
        slug: spec.schedules[0]!.slug,
        parameters: { who: 'team' },
        max_scheduled_runs: null,
      },
    ],
    global_concurrency_limit: { limit: 2 },
    concurrency_options: { collision_strategy: 'CANCEL_NEW', grace_period_seconds: null },
  };

  it('finds nothing to change in what 3.8.3 answers after writing the spec', () => {
    expect(serverChanges(spec, answered, server('3.8.3'))).toEqual([]);
  });

  it('still sees a real change', () => {
    const changed = { ...answered, global_concurrency_limit: { limit: 5 } };
    expect(serverChanges(spec, changed, server('3.8.3')).map((change) => change.field)).toEqual([
      'concurrency_limit',
    ]);
  });

  it('finds nothing to change in what 2.20 answers: no concurrency fields, slugs or schedule parameters', () => {
    const {
      labels: _labels,
      job_variables: jobVariables,
      global_concurrency_limit: _limit,
      concurrency_options: _options,
      ...rest
    } = answered;
    const legacy: ServerDeployment = {
      ...rest,
      infra_overrides: jobVariables ?? null,
      schedules: [{ id: 's1', schedule: { cron: '0 6 * * *', timezone: 'UTC' }, active: true }],
    };
    expect(serverChanges(spec, legacy, server('2.20.25'))).toEqual([]);
  });
});

describe('unkeptSettingWarnings', () => {
  it('names each setting the server cannot keep once, with the deployments that set it', () => {
    const other = { ...spec, name: 'acme-prefect--main--other--dev' };
    const warnings = unkeptSettingWarnings([spec, other], server('2.20.25'));
    expect(warnings).toHaveLength(4);
    expect(warnings.join('\n')).toContain(
      `Prefect 2.20.25 does not accept concurrency_limit (it answers 422), so it is left out: \`concurrency_limit\` (set for ${spec.name}, ${other.name})`,
    );
    expect(warnings.join('\n')).toMatch(/`schedules\[\]\.max_scheduled_runs`/);
    expect(warnings.join('\n')).toMatch(/`schedules\[\]\.parameters`/);
    expect(warnings.join('\n')).toMatch(/`concurrency_options`/);
  });

  it('on 3.8.3 warns only about max_scheduled_runs, which no server keeps', () => {
    expect(unkeptSettingWarnings([spec], server('3.8.3'))).toEqual([
      `Prefect 3.8.3 accepts max_scheduled_runs on a schedule but does not store it when it creates the schedule (it reads back null): \`schedules[].max_scheduled_runs\` (set for ${spec.name}) has no effect on this server and is not compared.`,
    ]);
  });

  it('says nothing when every setting is kept', () => {
    const plain = { ...spec, schedules: spec.schedules.map(({ max_scheduled_runs: _m, ...item }) => item) };
    expect(unkeptSettingWarnings([plain], server('3.8.3'))).toEqual([]);
  });
});
