import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parse-config.js';
import {
  resolveEnvironmentOverrides,
  resolveFlowSettings,
  type RunValues,
} from '../../src/config/resolve-settings.js';
import { ConfigurationError, InputError } from '../../src/errors/portal-error.js';
import type { DeploymentSettings } from '../../src/deploy/deployment-settings.js';
import { onlyProblem, problemsOf, wheres } from './problems.js';

const FILE = '.acme-portal.yml';
const load = (text: string, env: Record<string, string | undefined> = {}) =>
  parseConfig(text, FILE, env).config;

const RUN: RunValues = {
  project: 'acme-prefect',
  branch: 'feature/login',
  commit: '0123456789abcdef0123456789abcdef01234567',
  shortCommit: '01234567',
  packageVersion: '1.4.0',
};

/** Every level sets the same keys, so each assertion shows which level won. */
const LAYERED = `defaults:
  work_pool: pool-defaults
  work_queue: queue-defaults
  image: reg/app:{short_commit}
  working_directory: /opt/app
  tags: [team, defaults]
  parameters: {a: defaults, b: defaults, nested: {x: 1, y: 1}}
  job_variables: {cpu: 256, memory: 512}
  env: {A: defaults, B: defaults}
  schedules: [{cron: "0 1 * * *"}]
  concurrency_limit: 2
deployments:
  etl:
    description: The ETL
    work_pool: pool-flow
    tags: [flow, team]
    parameters: {b: flow, nested: {x: 2}}
    env: {B: flow, C: flow}
    schedules: [{cron: "0 2 * * *"}, {interval: 600}]
environments:
  dev:
    paused: true
    schedules: []
    concurrency_limit: null
  prod:
    work_pool: pool-prod
    tags: [prod]
    job_variables: {memory: 2048}
    env: {C: prod}
    deployments:
      etl:
        work_queue: null
        pull_steps: [{prefect.deployments.steps.git_clone: {repository: "https://x/{project}.git", commit_sha: "{commit}"}}]
        parameters: {c: prod-flow}
        env: {A: prod-flow}
        schedules: [{rrule: "FREQ=WEEKLY;BYDAY=MO", timezone: Europe/Paris, slug: weekly, active: false}]
`;

describe('resolveFlowSettings: merge order defaults < flow < environment < environment flow', () => {
  const config = load(LAYERED);

  it('lays the four levels over each other by the documented rules', () => {
    const settings = resolveFlowSettings(config, 'etl', 'prod');
    expect(settings).toMatchObject({
      flow: 'etl',
      environment: 'prod',
      work_pool: 'pool-prod',
      image: 'reg/app:{short_commit}',
      description: 'The ETL',
      tags: ['team', 'defaults', 'flow', 'prod'],
      parameters: { a: 'defaults', b: 'flow', nested: { x: 2 }, c: 'prod-flow' },
      job_variables: { cpu: 256, memory: 2048 },
      env: { A: 'prod-flow', B: 'flow', C: 'prod' },
      concurrency_limit: 2,
      paused: false,
      enforce_parameter_schema: true,
      schedules: [
        {
          schedule: { rrule: 'FREQ=WEEKLY;BYDAY=MO', timezone: 'Europe/Paris' },
          active: false,
          slug: 'weekly',
        },
      ],
    });
    // `null` removes what a lower level set; pull_steps replaces working_directory.
    expect(settings).not.toHaveProperty('work_queue');
    expect(settings).not.toHaveProperty('working_directory');
    expect(settings.pull_steps).toHaveLength(1);
  });

  it('says which level set each key, and where', () => {
    const settings = resolveFlowSettings(config, 'etl', 'prod');
    expect(settings.origins.work_pool).toEqual({
      path: 'environments.prod.work_pool',
      location: { file: FILE, line: 26, column: 5 },
    });
    expect(settings.origins.description?.path).toBe('deployments.etl.description');
    expect(settings.origins.schedules?.path).toBe('environments.prod.deployments.etl.schedules');
    expect(settings.location).toEqual({ file: FILE, line: 31, column: 7 });
  });

  it('replaces schedules as a whole list, and [] clears them', () => {
    expect(resolveFlowSettings(config, 'etl', 'dev').schedules).toEqual([]);
    expect(resolveFlowSettings(config, 'other', 'prod').schedules).toEqual([
      { schedule: { cron: '0 1 * * *' }, active: true },
    ]);
    const unconfigured = load(LAYERED.replace('environments:', 'environments:\n  tst: {}'));
    expect(resolveFlowSettings(unconfigured, 'etl', 'tst').schedules).toEqual([
      { schedule: { cron: '0 2 * * *' }, active: true },
      { schedule: { interval: 600 }, active: true },
    ]);
  });

  it('lets an environment remove a limit with null and pause its deployments', () => {
    const settings = resolveFlowSettings(config, 'etl', 'dev');
    expect(settings).not.toHaveProperty('concurrency_limit');
    expect(settings.paused).toBe(true);
    expect(settings.working_directory).toBe('/opt/app');
  });

  it('gives a flow the config does not name the defaults and its environment', () => {
    const settings = resolveFlowSettings(config, 'report', 'prod');
    expect(settings.work_pool).toBe('pool-prod');
    expect(settings.tags).toEqual(['team', 'defaults', 'prod']);
    expect(settings).not.toHaveProperty('description');
  });

  it('is what the deploy builder takes', () => {
    const settings: DeploymentSettings = resolveFlowSettings(config, 'etl', 'prod');
    expect(settings.tags.length).toBeGreaterThan(0);
  });

  it('fills placeholders from the run, tag-safe in the image', () => {
    const settings = resolveFlowSettings(config, 'etl', 'prod', RUN);
    expect(settings.image).toBe('reg/app:01234567');
    expect(settings.pull_steps).toEqual([
      {
        'prefect.deployments.steps.git_clone': {
          repository: 'https://x/acme-prefect.git',
          commit_sha: RUN.commit,
        },
      },
    ]);
    const branchImage = load('defaults:\n  image: "reg/app:{branch}-{env}"\n');
    expect(resolveFlowSettings(branchImage, 'etl', 'dev', RUN).image).toBe('reg/app:feature-login-dev');
  });

  it('refuses {package_version} when the run has none, at the image', () => {
    const config = load('project: p\ndefaults:\n  image: "reg/app:{package_version}"\n');
    const problem = onlyProblem(() =>
      resolveFlowSettings(config, 'etl', 'dev', { ...RUN, packageVersion: null }),
    );
    expect(problem.message).toContain('uses {package_version}, but this run has no package version');
    expect(problem.hint).toContain('package-version');
    expect(wheres([problem])).toEqual(['.acme-portal.yml:3:3']);
  });
});

describe('resolveFlowSettings: environments', () => {
  it('refuses an environment the config does not define, listing the known ones', () => {
    const problem = onlyProblem(() => resolveFlowSettings(load(LAYERED), 'etl', 'prd'));
    expect(problem).toBeInstanceOf(ConfigurationError);
    expect(problem.message).toBe(
      'Unknown environment "prd"; .acme-portal.yml defines dev, prod. Did you mean "prod"?',
    );
    expect(wheres([problem])).toEqual(['.acme-portal.yml:20:1']);
  });

  it('accepts any valid name when the config defines no environments', () => {
    const config = load('defaults: {work_pool: p}\n');
    expect(resolveFlowSettings(config, 'etl', 'qa-2').work_pool).toBe('p');
    expect(() => resolveFlowSettings(config, 'etl', 'qa--2')).toThrow(InputError);
    expect(() => resolveFlowSettings(config, 'etl', 'q a')).toThrow('"q a" is not a valid environment name');
  });
});

describe('resolveFlowSettings: ${VAR} read only for the environment resolved', () => {
  const text = `defaults:
  env: {DB_URL: "\${DEV_DB}"}
environments:
  dev: {}
  prod:
    env: {DB_URL: "\${PROD_DB}", TOKEN: "t-\${PROD_TOKEN}"}
`;

  it('fails prod when its secret is missing, naming key, environment and variable at the reference', () => {
    const config = load(text, { DEV_DB: 'dev-db', PROD_DB: 'prod-db' });
    expect(resolveFlowSettings(config, 'etl', 'dev').env).toEqual({ DB_URL: 'dev-db' });
    const problem = onlyProblem(() => resolveFlowSettings(config, 'etl', 'prod'));
    expect(problem.message).toBe(
      'Environment variable PROD_TOKEN is not set on the runner; env.TOKEN in environments.prod reads it (${PROD_TOKEN}) for environment "prod".',
    );
    expect(wheres([problem])).toEqual(['.acme-portal.yml:6:43']);
  });

  it('does not need a variable whose key a later level replaces', () => {
    const config = load(text, { PROD_DB: 'prod-db', PROD_TOKEN: 'abc' });
    expect(resolveFlowSettings(config, 'etl', 'prod').env).toEqual({ DB_URL: 'prod-db', TOKEN: 't-abc' });
    expect(problemsOf(() => resolveFlowSettings(config, 'etl', 'dev'))[0]!.message).toContain('DEV_DB');
  });
});

describe('resolveEnvironmentOverrides', () => {
  it('holds only what the environment levels set, with absent keys left absent', () => {
    const overrides = resolveEnvironmentOverrides(load(LAYERED), 'etl', 'prod', RUN);
    expect(overrides).toMatchObject({
      work_pool: 'pool-prod',
      tags: ['prod'],
      env: { C: 'prod', A: 'prod-flow' },
      parameters: { c: 'prod-flow' },
      job_variables: { memory: 2048 },
    });
    expect(overrides).not.toHaveProperty('paused');
    expect(overrides).not.toHaveProperty('description');
    expect(overrides.pull_steps?.[0]).toEqual({
      'prefect.deployments.steps.git_clone': {
        repository: 'https://x/acme-prefect.git',
        commit_sha: RUN.commit,
      },
    });
    const dev = resolveEnvironmentOverrides(load(LAYERED), 'etl', 'dev');
    expect(dev.schedules).toEqual([]);
    expect(resolveEnvironmentOverrides(load(LAYERED), 'other', 'prod')).not.toHaveProperty('schedules');
  });
});
