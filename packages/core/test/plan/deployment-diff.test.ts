import { describe, expect, it } from '@jest/globals';
import { buildDeploymentSpec } from '../../src/deploy/build-deployment-spec.js';
import { diffDeployment } from '../../src/plan/deployment-diff.js';
import type { ServerDeployment } from '../../src/prefect/server-deployment.js';
import { aFlow, facts, someSettings } from '../deploy/fixtures.js';

const spec = buildDeploymentSpec({
  flow: aFlow('hello_world'),
  env: 'dev',
  settings: someSettings({
    schedules: [
      { schedule: { cron: '0 6 * * *', timezone: 'UTC' }, active: true },
      { schedule: { interval: 3600 }, active: true },
      { schedule: { rrule: 'FREQ=WEEKLY;BYDAY=MO' }, active: false },
    ],
  }),
  facts,
  poolTakesImage: true,
});

/** The deployment as a 3.8 server answers after writing `spec`: reformatted, with extras. */
function asServerReturnsIt(): ServerDeployment {
  return {
    id: 'd1',
    name: spec.name,
    flow_id: 'f1',
    created: '2026-11-22T00:52:44.067262Z',
    updated: '2026-11-22T00:52:44.067262Z',
    version: spec.version,
    description: spec.description,
    tags: [...spec.tags].reverse(),
    labels: { 'prefect.flow.id': 'f1' },
    entrypoint: spec.entrypoint,
    path: spec.path,
    pull_steps: spec.pull_steps,
    job_variables: structuredClone(spec.job_variables),
    parameters: {},
    parameter_openapi_schema: structuredClone(spec.parameter_openapi_schema),
    enforce_parameter_schema: true,
    work_pool_name: 'pool',
    work_queue_name: 'default',
    paused: false,
    global_concurrency_limit: null,
    concurrency_options: null,
    schedules: [
      {
        id: 's1',
        schedule: { cron: '0 6 * * *', timezone: 'UTC', day_or: true },
        active: true,
        max_scheduled_runs: null,
        parameters: {},
        slug: 'portal-schedule-1',
      },
      {
        id: 's2',
        schedule: { interval: 3600.0, anchor_date: '2026-11-22T00:52:44.067262Z', timezone: 'UTC' },
        active: true,
        max_scheduled_runs: null,
        parameters: {},
        slug: 'portal-schedule-2',
      },
      {
        id: 's3',
        schedule: { rrule: 'DTSTART:20261122T005244\nRRULE:FREQ=WEEKLY;BYDAY=MO', timezone: null },
        active: false,
        max_scheduled_runs: null,
        parameters: {},
        slug: 'portal-schedule-3',
      },
    ],
  };
}

describe('diffDeployment', () => {
  it('sees no change in what the server reformats or adds', () => {
    expect(diffDeployment(spec, asServerReturnsIt(), { slugs: true })).toEqual([]);
  });

  it('sees no change between the "" an older deploy wrote and the null sent now for no description', () => {
    const none = { ...spec, description: null };
    expect(diffDeployment(none, { ...asServerReturnsIt(), description: '' }, { slugs: true })).toEqual([]);
    expect(diffDeployment(none, { ...asServerReturnsIt(), description: null }, { slugs: true })).toEqual([]);
    expect(
      diffDeployment(none, { ...asServerReturnsIt(), description: 'Old words.' }, { slugs: true }),
    ).toEqual([{ field: 'description', from: 'Old words.', to: null }]);
  });

  it('names each owned field that changed', () => {
    const server = asServerReturnsIt();
    server.version = 'main-old';
    server.job_variables = { env: { LOG_LEVEL: 'INFO' } };
    server.schedules![0]!.schedule = { cron: '0 7 * * *', timezone: 'UTC', day_or: true };
    expect(diffDeployment(spec, server, { slugs: true }).map((change) => change.field)).toEqual([
      'version',
      'job_variables',
      'schedules',
    ]);
  });

  it('ignores fields the config does not own (paused, queue, concurrency)', () => {
    const server = asServerReturnsIt();
    server.paused = true;
    server.work_queue_name = 'custom';
    server.global_concurrency_limit = { limit: 3 };
    expect(diffDeployment(spec, server, { slugs: true })).toEqual([]);
    expect(diffDeployment({ ...spec, paused: false }, server, { slugs: true }).map((c) => c.field)).toEqual([
      'paused',
    ]);
  });

  it('sees a removed schedule', () => {
    const server = asServerReturnsIt();
    expect(
      diffDeployment({ ...spec, schedules: spec.schedules.slice(0, 2) }, server, { slugs: true }),
    ).toHaveLength(1);
  });

  it('ignores slugs on servers that do not keep them', () => {
    const server = asServerReturnsIt();
    for (const schedule of server.schedules!) schedule.slug = null;
    expect(diffDeployment(spec, server, { slugs: false })).toEqual([]);
    expect(diffDeployment(spec, server, { slugs: true }).map((c) => c.field)).toEqual(['schedules']);
  });
});
