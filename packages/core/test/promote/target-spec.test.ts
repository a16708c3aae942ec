import { describe, expect, it } from '@jest/globals';
import { promotedSpec } from '../../src/promote/target-spec.js';
import type { ServerDeployment } from '../../src/prefect/server-deployment.js';

const source: ServerDeployment = {
  id: 'src-id',
  name: 'acme--main--etl--dev',
  flow_id: 'flow-1',
  version: 'main-abc123',
  description: 'Loads the warehouse.',
  tags: ['PROJECT_NAME=acme', 'BRANCH_NAME=main', 'COMMIT_HASH=abc123', 'PACKAGE_VERSION=1.0.0', 'team-data'],
  labels: { 'prefect.flow.id': 'flow-1' },
  entrypoint: 'flows/etl.py:etl',
  path: null,
  pull_steps: [{ 'prefect.deployments.steps.set_working_directory': { directory: '/opt/prefect/acme' } }],
  job_variables: {
    image: 'ghcr.io/acme/etl:abc123',
    cpu: 512,
    env: { LOG_LEVEL: 'DEBUG', DEV_ONLY: 'x', DEPLOYMENT_NAME: 'acme--main--etl--dev' },
  },
  parameters: { day: 'today', size: 1 },
  parameter_openapi_schema: { title: 'Parameters', type: 'object', properties: { day: { type: 'string' } } },
  enforce_parameter_schema: true,
  work_pool_name: 'pool-dev',
  work_queue_name: 'default',
  paused: true,
  global_concurrency_limit: { limit: 2 },
  concurrency_options: null,
  schedules: [
    {
      id: 's1',
      schedule: { cron: '0 6 * * *', timezone: 'UTC', day_or: true },
      active: true,
      slug: 'portal-schedule-1',
    },
  ],
};

const noOverrides = { tags: [], parameters: {}, job_variables: {}, env: { LOG_LEVEL: 'INFO' } };

describe('promotedSpec', () => {
  it('keeps the code version and replaces what belongs to the target', () => {
    const spec = promotedSpec({
      source,
      flowName: 'etl',
      targetName: 'acme--main--etl--prod',
      targetEnv: 'prod',
      settings: noOverrides,
    });
    expect(spec).toMatchObject({
      name: 'acme--main--etl--prod',
      version: 'main-abc123',
      description: 'Loads the warehouse.',
      tags: source.tags,
      entrypoint: 'flows/etl.py:etl',
      pull_steps: source.pull_steps,
      parameter_openapi_schema: source.parameter_openapi_schema,
      enforce_parameter_schema: true,
      parameters: { day: 'today', size: 1 },
      work_pool_name: 'pool-dev',
      paused: true,
      concurrency_limit: 2,
    });
    // The source's variables never leak into the target: only the target's, and its own name.
    expect(spec.job_variables).toEqual({
      image: 'ghcr.io/acme/etl:abc123',
      cpu: 512,
      env: { LOG_LEVEL: 'INFO', DEPLOYMENT_NAME: 'acme--main--etl--prod' },
    });
    expect(spec.schedules).toEqual([
      {
        schedule: { cron: '0 6 * * *', timezone: 'UTC', day_or: true },
        active: true,
        slug: 'portal-schedule-1',
      },
    ]);
  });

  it('applies the target environment overrides but never its image', () => {
    const spec = promotedSpec({
      source,
      flowName: 'etl',
      targetName: 'acme--main--etl--prod',
      targetEnv: 'prod',
      settings: {
        ...noOverrides,
        work_pool: 'pool-prod',
        work_queue: 'critical',
        paused: false,
        parameters: { size: 100 },
        job_variables: { cpu: 2048 },
        image: 'ghcr.io/acme/etl:latest',
        schedules: [{ schedule: { cron: '0 5 * * *' }, active: true }],
      },
    });
    expect(spec.work_pool_name).toBe('pool-prod');
    expect(spec.work_queue_name).toBe('critical');
    expect(spec.paused).toBe(false);
    expect(spec.parameters).toEqual({ day: 'today', size: 100 });
    expect(spec.job_variables.cpu).toBe(2048);
    expect(spec.job_variables.image).toBe('ghcr.io/acme/etl:abc123');
    expect(spec.schedules).toEqual([
      { schedule: { cron: '0 5 * * *' }, active: true, slug: 'portal-schedule-1' },
    ]);
  });
});
