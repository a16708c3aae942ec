// Small builders for flows and settings used by the deploy and plan tests.
import type { DeploymentSettings } from '../../src/deploy/deployment-settings.js';
import type { RunFacts } from '../../src/deploy/run-facts.js';
import type { Flow } from '../../src/model/flow.js';

export function aFlow(name: string, overrides: Partial<Flow> = {}): Flow {
  const file = `flows/${name}.py`;
  return {
    name,
    original_name: name,
    description: `The ${name} flow.`,
    id: `${file}:${name}`,
    source_path: `/repo/${file}`,
    source_relative: file,
    line_number: 3,
    grouping: ['flows'],
    child_attributes: { obj_name: name, module: `flows.${name}`, import_path: `flows.${name}.${name}` },
    entrypoint: `${file}:${name}`,
    is_async: false,
    deployable: true,
    parameters: {
      title: 'Parameters',
      type: 'object',
      properties: { who: { title: 'who', position: 0, type: 'string', default: 'world' } },
    },
    ...overrides,
  };
}

export function someSettings(overrides: Partial<DeploymentSettings> = {}): DeploymentSettings {
  return {
    work_pool: 'pool',
    tags: ['team-data'],
    parameters: {},
    job_variables: {},
    env: { LOG_LEVEL: 'DEBUG' },
    schedules: [{ schedule: { cron: '0 6 * * *', timezone: 'UTC' }, active: true }],
    ...overrides,
  };
}

export const facts: RunFacts = {
  project: 'acme-prefect',
  branch: 'main',
  commit: '0123456789abcdef0123456789abcdef01234567',
  packageVersion: '1.2.3',
};
