// Which deployment fields reach which Prefect server: the version table as rows, plus the
// version parser and comparison the gates rely on.
import { describe, expect, it } from '@jest/globals';
import {
  CLOUD_SERVER_VERSION,
  atLeast,
  deploymentFieldsFor,
  fieldsOnlyCreateWrites,
  fitDeploymentBody,
  parseServerVersion,
  type DeploymentWrite,
} from '../../../src/prefect/client/index.js';
import { server } from './server-version-of.js';

const fullBody = {
  name: 'acme--main--etl-daily--dev',
  flow_id: 'f1',
  version: 'main-abc1234',
  description: 'Daily ETL',
  tags: ['COMMIT_HASH=abc1234'],
  labels: { team: 'data' },
  entrypoint: 'flows/etl.py:etl_daily',
  path: '.',
  pull_steps: [],
  job_variables: { image: 'ghcr.io/acme/etl:abc1234' },
  parameters: {},
  parameter_openapi_schema: { title: 'Parameters', type: 'object', properties: {} },
  enforce_parameter_schema: true,
  work_pool_name: 'k8s-dev',
  work_queue_name: null,
  paused: false,
  concurrency_limit: 2,
  concurrency_options: { collision_strategy: 'ENQUEUE' },
  version_info: { type: 'vcs:github', version: 'abc1234' },
  schedules: [
    {
      schedule: { cron: '0 6 * * *', timezone: 'UTC' },
      active: true,
      slug: 'daily',
      parameters: {},
      max_scheduled_runs: 10,
      replaces: 'old',
    },
  ],
};

describe('fitDeploymentBody', () => {
  // [server, write, fields that must be dropped (top level and schedule items)]
  const rows: [string, DeploymentWrite, string[]][] = [
    ['3.8.3', 'create', []],
    ['3.6.17', 'create', []],
    ['3.6.16', 'create', ['schedules[].replaces']],
    ['3.3.6', 'create', ['schedules[].replaces']],
    ['3.3.5', 'create', ['version_info', 'schedules[].replaces']],
    ['3.2.0', 'create', ['version_info', 'schedules[].replaces']],
    [
      '3.1.15',
      'create',
      ['version_info', 'schedules[].slug', 'schedules[].parameters', 'schedules[].replaces'],
    ],
    [
      '3.1.5',
      'create',
      ['version_info', 'schedules[].slug', 'schedules[].parameters', 'schedules[].replaces'],
    ],
    [
      '3.1.4',
      'create',
      ['labels', 'version_info', 'schedules[].slug', 'schedules[].parameters', 'schedules[].replaces'],
    ],
    [
      '3.0.3',
      'create',
      ['labels', 'version_info', 'schedules[].slug', 'schedules[].parameters', 'schedules[].replaces'],
    ],
    [
      '3.0.2',
      'create',
      [
        'labels',
        'concurrency_options',
        'version_info',
        'schedules[].slug',
        'schedules[].parameters',
        'schedules[].replaces',
      ],
    ],
    [
      '3.0.0',
      'create',
      [
        'labels',
        'concurrency_options',
        'version_info',
        'schedules[].slug',
        'schedules[].parameters',
        'schedules[].replaces',
      ],
    ],
    [
      '2.20.3',
      'create',
      [
        'labels',
        'concurrency_limit',
        'concurrency_options',
        'version_info',
        'schedules[].slug',
        'schedules[].parameters',
        'schedules[].replaces',
      ],
    ],
    [
      '2.16.0',
      'create',
      [
        'labels',
        'concurrency_limit',
        'concurrency_options',
        'version_info',
        'schedules[].slug',
        'schedules[].parameters',
        'schedules[].max_scheduled_runs',
        'schedules[].replaces',
      ],
    ],
    ['3.8.3', 'update', ['name', 'flow_id', 'labels']],
    ['3.2.0', 'update', ['name', 'flow_id', 'labels', 'version_info', 'schedules[].replaces']],
    [
      '3.1.15',
      'update',
      [
        'name',
        'flow_id',
        'labels',
        'pull_steps',
        'parameter_openapi_schema',
        'version_info',
        'schedules[].slug',
        'schedules[].parameters',
        'schedules[].replaces',
      ],
    ],
  ];

  it.each(rows)('on %s (%s) drops exactly %j', (version, write, dropped) => {
    const fitted = fitDeploymentBody(fullBody, server(version), write);
    expect([...fitted.dropped].sort()).toEqual([...dropped].sort());
    for (const field of dropped.filter((d) => !d.startsWith('schedules[]')))
      expect(fitted.body).not.toHaveProperty(field);
  });

  it('sends everything to Cloud on create, including Cloud-only fields', () => {
    const fitted = fitDeploymentBody({ ...fullBody, branch: 'feature-x' }, CLOUD_SERVER_VERSION, 'create');
    expect(fitted.dropped).toEqual([]);
    expect(fitted.body).toMatchObject({ labels: { team: 'data' }, branch: 'feature-x' });
  });

  it('keeps Cloud-only fields away from self-hosted servers', () => {
    expect(fitDeploymentBody({ ...fullBody, branch: 'x' }, server('3.8.3'), 'create').dropped).toEqual([
      'branch',
    ]);
  });

  it('moves job variables to infra_overrides on 2.16, and back on later servers', () => {
    expect(fitDeploymentBody({ job_variables: { image: 'a' } }, server('2.16.9'), 'create').body).toEqual({
      infra_overrides: { image: 'a' },
    });
    expect(fitDeploymentBody({ job_variables: { image: 'a' } }, server('2.17.0'), 'create').body).toEqual({
      job_variables: { image: 'a' },
    });
    expect(fitDeploymentBody({ infra_overrides: { image: 'a' } }, server('3.8.3'), 'update').body).toEqual({
      job_variables: { image: 'a' },
    });
  });

  it('keeps 2.19 to 3.0 schedule options and drops them from 3.1 on', () => {
    const body = {
      schedules: [{ schedule: { interval: 3600 }, active: true, catchup: false, max_active_runs: 1 }],
    };
    expect(fitDeploymentBody(body, server('2.19.0'), 'create').dropped).toEqual([]);
    expect(fitDeploymentBody(body, server('3.0.11'), 'create').dropped).toEqual([]);
    expect(fitDeploymentBody(body, server('3.1.0'), 'create').dropped.sort()).toEqual([
      'schedules[].catchup',
      'schedules[].max_active_runs',
    ]);
  });

  it('drops keys no server knows and leaves undefined values out', () => {
    const fitted = fitDeploymentBody(
      { name: 'd', flow_id: 'f', work_pool: 'typo', description: undefined },
      server('3.8.3'),
      'create',
    );
    expect(fitted).toEqual({ body: { name: 'd', flow_id: 'f' }, dropped: ['work_pool'] });
  });

  it('does not modify the body it is given', () => {
    const body = structuredClone(fullBody);
    fitDeploymentBody(body, server('2.16.0'), 'update');
    expect(body).toEqual(fullBody);
  });
});

describe('deploymentFieldsFor', () => {
  it('lists what PATCH accepts on 3.8 (never name, flow_id or labels)', () => {
    const fields = deploymentFieldsFor(server('3.8.3'));
    expect(fields.update).not.toEqual(expect.arrayContaining(['name']));
    expect(fields.update).toEqual(
      expect.arrayContaining(['version', 'schedules', 'job_variables', 'pull_steps', 'version_info']),
    );
    expect(fields.update).not.toContain('labels');
    expect(fields.create).toContain('labels');
    expect(fields.schedule).toEqual([
      'schedule',
      'active',
      'max_scheduled_runs',
      'parameters',
      'slug',
      'replaces',
    ]);
    expect(fields.jobVariablesKey).toBe('job_variables');
  });

  it('knows 2.x-only fields', () => {
    const fields = deploymentFieldsFor(server('2.16.0'));
    expect(fields.create).toEqual(
      expect.arrayContaining(['infra_overrides', 'schedule', 'is_schedule_active', 'manifest_path']),
    );
    expect(fields.create).not.toContain('job_variables');
    expect(fields.jobVariablesKey).toBe('infra_overrides');
    expect(deploymentFieldsFor(server('3.0.0')).create).not.toContain('is_schedule_active');
  });
});

describe('server versions', () => {
  it.each([
    ['3.8.3', [3, 8, 3]],
    ['3.4.25.dev1', [3, 4, 25]],
    ['2.20.3+12.gabcdef', [2, 20, 3]],
    [' 3.1 ', [3, 1, 0]],
  ])('parses %j', (text, [major, minor, patch]) => {
    expect(parseServerVersion(text)).toMatchObject({ major, minor, patch, isCloud: false });
  });

  it('rejects what is not a version', () => {
    expect(parseServerVersion('unknown')).toBeNull();
    expect(parseServerVersion('')).toBeNull();
  });

  it('compares major, minor and patch in order; Cloud passes every gate', () => {
    expect(atLeast(server('3.1.5'), '3.1.5')).toBe(true);
    expect(atLeast(server('3.1.4'), '3.1.5')).toBe(false);
    expect(atLeast(server('3.2.0'), '3.1.15')).toBe(true);
    expect(atLeast(server('2.20.25'), '3.0.0')).toBe(false);
    expect(atLeast(server('10.0.0'), '3.6.17')).toBe(true);
    expect(atLeast(CLOUD_SERVER_VERSION, '3.6.17')).toBe(true);
  });
});

describe('fieldsOnlyCreateWrites', () => {
  const changed = ['pull_steps', 'parameter_openapi_schema', 'tags', 'schedules', 'labels'];
  it.each([
    ['2.20.25', ['pull_steps', 'parameter_openapi_schema']],
    ['3.0.11', ['pull_steps', 'parameter_openapi_schema']],
    ['3.1.15', ['pull_steps', 'parameter_openapi_schema']],
    ['3.2.0', []],
    ['3.8.3', []],
  ])('on %s: %j need the upsert', (version, expected) => {
    expect(fieldsOnlyCreateWrites(changed, server(version))).toEqual(expected);
  });
});
