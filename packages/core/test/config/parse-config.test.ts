import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parse-config.js';
import { ConfigurationError } from '../../src/errors/portal-error.js';
import { onlyProblem, problemsOf, wheres } from './problems.js';

const FILE = '.acme-portal.yml';
const parse = (text: string, env: Record<string, string | undefined> = {}) => parseConfig(text, FILE, env);

/** The example of the configuration reference, as a user would write it. */
export const EXAMPLE = `project: acme-prefect
flows: {root: ., exclude: ["tests/**"]}
defaults:
  work_pool: ecs-pool
  work_queue: default
  image: ghcr.io/acme/acme-prefect:{branch}-{commit}
  working_directory: /opt/prefect/acme-prefect
  tags: [team-data]
  parameters: {}
  job_variables: {}
  concurrency_limit: 1
  paused: false
deployments:
  hello_world:
    description: Says hello
    schedules:
      - {cron: "0 12 * * 1-5", timezone: America/New_York}
      - {interval: 3600}
      - {rrule: "FREQ=WEEKLY;BYDAY=MO"}
    parameters: {name: marvin}
environments:
  dev: {env: {LOG_LEVEL: DEBUG}, paused: true}
  prod:
    env: {LOG_LEVEL: INFO}
    work_pool: ecs-pool-prod
    deployments: {hello_world: {schedules: [{cron: "0 6 * * *"}]}}
`;

describe('parseConfig: valid files', () => {
  it('reads the reference example', () => {
    const { config, source, secrets } = parse(EXAMPLE);
    expect(source).toEqual({ file: FILE, exists: true });
    expect(secrets).toEqual([]);
    expect(config.format).toBe('portal');
    expect(config.project).toBe('acme-prefect');
    expect(config.flows).toEqual({ root: '.', exclude: ['tests/**'] });
    expect(config.defaults.work_pool).toBe('ecs-pool');
    expect(config.deployments.hello_world?.schedules).toHaveLength(3);
    expect(config.environments.map(({ name, order }) => [name, order])).toEqual([
      ['dev', 0],
      ['prod', 1],
    ]);
    expect(config.environments[1]!.deployments.hello_world?.schedules).toEqual([{ cron: '0 6 * * *' }]);
  });

  it('reads an empty file, or one of comments only, as all defaults', () => {
    for (const text of ['', '# nothing yet\n']) {
      const { config } = parse(text);
      expect(config).toEqual({
        format: 'portal',
        project: null,
        flows: { root: '.', exclude: [] },
        defaults: {},
        deployments: {},
        environments: [],
      });
    }
  });

  it('takes empty sections (`key:` with nothing after it) as empty', () => {
    const { config } = parse('defaults:\ndeployments:\n  hello_world:\nenvironments:\n  dev:\n  prod:\n');
    expect(config.defaults).toEqual({});
    expect(config.deployments).toEqual({ hello_world: {} });
    expect(config.environments.map((environment) => environment.name)).toEqual(['dev', 'prod']);
  });

  it('keeps the written order of environments, even for names JavaScript would sort first', () => {
    const { config } = parse('environments:\n  uat: {}\n  "2": {}\n  prod: {}\n  "1": {}\n');
    expect(config.environments.map((environment) => environment.name)).toEqual(['uat', '2', 'prod', '1']);
  });

  it('turns numbers and booleans in env into text, as written', () => {
    const { config } = parse(
      'defaults:\n  env: {WORKERS: 4, DEBUG: true, RATIO: 0.5, PYTHON: 3.10, MASK: 0x1F, NAME: x}\n',
    );
    expect(config.defaults.env).toEqual({
      WORKERS: '4',
      DEBUG: 'true',
      RATIO: '0.5',
      PYTHON: '3.10',
      MASK: '0x1F',
      NAME: 'x',
    });
  });

  it('follows YAML anchors and merge keys', () => {
    const { config } = parse(`defaults: &base
  work_pool: shared
  tags: [a]
environments:
  dev:
    <<: *base
    paused: true
`);
    expect(config.environments[0]!.settings).toEqual({ work_pool: 'shared', tags: ['a'], paused: true });
  });

  it('leaves Prefect {{ templates }} in pull steps alone and accepts our placeholders there', () => {
    const { config } = parse(`defaults:
  pull_steps:
    - prefect.deployments.steps.git_clone:
        repository: https://github.com/acme/etl.git
        commit_sha: "{commit}"
        access_token: "{{ prefect.blocks.secret.gh-token }}"
`);
    expect(config.defaults.pull_steps).toHaveLength(1);
  });
});

describe('parseConfig: every problem located', () => {
  it('points an unknown key at the key, suggests the closest and lists the allowed ones', () => {
    const problem = onlyProblem(() => parse('defaults:\n  work_pol: ecs-pool\n'));
    expect(problem).toBeInstanceOf(ConfigurationError);
    expect(wheres([problem])).toEqual(['.acme-portal.yml:2:3']);
    expect(problem.message).toContain(
      'unknown key `work_pol` in defaults; did you mean `work_pool`? allowed: work_pool, work_queue',
    );
  });

  it('points an unknown top-level key at the key', () => {
    const problem = onlyProblem(() => parse('project: x\nenvironment:\n  dev: {}\n'));
    expect(wheres([problem])).toEqual(['.acme-portal.yml:2:1']);
    expect(problem.message).toContain('did you mean `environments`?');
  });

  it('refuses description in defaults: it belongs to a flow', () => {
    const problem = onlyProblem(() => parse('defaults:\n  description: x\n'));
    expect(problem.message).toMatch(/^unknown key `description` in defaults; allowed: /);
  });

  it('points a bad cron at its value', () => {
    const problem = onlyProblem(() =>
      parse('deployments:\n  etl:\n    schedules:\n      - cron: "0 25 * * *"\n'),
    );
    expect(wheres([problem])).toEqual(['.acme-portal.yml:4:15']);
    expect(problem.message).toContain('deployments.etl.schedules[0].cron');
    expect(problem.message).toContain('"0 25 * * *" is not a valid cron expression');
  });

  it('points a bad timezone at its value and suggests the right one', () => {
    const problem = onlyProblem(() =>
      parse('deployments:\n  etl:\n    schedules: [{cron: "0 6 * * *", timezone: Europe/Pariss}]\n'),
    );
    expect(wheres([problem])).toEqual(['.acme-portal.yml:3:47']);
    expect(problem.message).toContain('did you mean "Europe/Paris"?');
  });

  it('reports YAML syntax errors with their position', () => {
    const problem = onlyProblem(() => parse('defaults:\n  work_pool: [a, b\nprojects: x\n'));
    expect(problem.message).toMatch(/^YAML syntax error: /);
    expect(problem.location?.file).toBe(FILE);
    expect(problem.location?.line).toBe(3);
  });

  it('explains an unquoted cron starting with * once, with the fix', () => {
    const problem = onlyProblem(() =>
      parse('deployments:\n  etl:\n    schedules:\n      - cron: */5 * * * *\n'),
    );
    expect(wheres([problem])).toEqual(['.acme-portal.yml:4:15']);
    expect(problem.hint).toContain('cron: "*/5 * * * *"');
  });

  it('reports duplicate keys', () => {
    const problem = onlyProblem(() => parse('defaults:\n  paused: true\n  paused: false\n'));
    expect(wheres([problem])).toEqual(['.acme-portal.yml:3:3']);
    expect(problem.message).toContain('unique');
  });

  it('reports an alias without its anchor', () => {
    const problem = onlyProblem(() => parse('defaults:\n  tags: *shared\n'));
    expect(wheres([problem])).toEqual(['.acme-portal.yml:2:9']);
  });

  it('points a missing required key at the mapping that lacks it', () => {
    const problem = onlyProblem(() =>
      parse('defaults:\n  concurrency_options:\n    grace_period_seconds: 120\n'),
    );
    expect(problem.message).toContain(
      'missing required key `collision_strategy` (one of ENQUEUE, CANCEL_NEW) in defaults.concurrency_options',
    );
    expect(wheres([problem])).toEqual(['.acme-portal.yml:2:3']);
  });

  it('says what type was expected and what was found', () => {
    const problem = onlyProblem(() => parse('defaults:\n  paused: "yes"\n'));
    expect(problem.message).toBe('defaults.paused must be true or false, got the string "yes".');
    expect(wheres([problem])).toEqual(['.acme-portal.yml:2:11']);
  });

  it('points an unknown placeholder at the placeholder inside the value', () => {
    const problem = onlyProblem(() => parse('defaults:\n  image: ghcr.io/acme/etl:{brnch}-{commit}\n'));
    expect(wheres([problem])).toEqual(['.acme-portal.yml:2:27']);
    expect(problem.message).toContain('unknown placeholder {brnch}; allowed: {project}, {branch}');
  });

  it('points a bad environment name and a hyphenated flow name at their keys', () => {
    const problems = problemsOf(() =>
      parse('deployments:\n  hello-world: {}\nenvironments:\n  pro--d: {}\n'),
    );
    expect(wheres(problems)).toEqual(['.acme-portal.yml:2:3', '.acme-portal.yml:4:3']);
    expect(problems[0]!.message).toContain('write "hello_world"');
    expect(problems[1]!.message).toContain('"pro--d" is not a valid environment name');
  });

  it('collects every problem of the file, in file order', () => {
    const problems = problemsOf(() =>
      parse(`defaults:
  work_pol: x
  paused: maybe
deployments:
  etl:
    schedules:
      - {cron: "0 6 * * *", interval: 60}
      - {}
      - {interval: -5}
      - {rrule: "FREQ=SOMETIMES"}
      - {interval: 60, day_or: true, max_scheduled_runs: 51}
    env: {A: "\${B", C: [1], 1X: y, DEPLOYMENT_NAME: z}
environments:
  dev: {concurrency_limit: 0, tags: ["COMMIT_HASH=abc"]}
`),
    );
    expect(problems.every((problem) => problem instanceof ConfigurationError)).toBe(true);
    expect(wheres(problems)).toEqual([
      '.acme-portal.yml:2:3',
      '.acme-portal.yml:3:11',
      '.acme-portal.yml:7:9',
      '.acme-portal.yml:8:9',
      '.acme-portal.yml:9:20',
      '.acme-portal.yml:10:17',
      '.acme-portal.yml:11:24',
      '.acme-portal.yml:11:58',
      '.acme-portal.yml:12:15',
      '.acme-portal.yml:12:24',
      '.acme-portal.yml:12:29',
      '.acme-portal.yml:12:36',
      '.acme-portal.yml:14:28',
      '.acme-portal.yml:14:38',
    ]);
    const text = problems.map((problem) => problem.message).join('\n');
    expect(text).toContain('exactly one of `cron`, `interval` or `rrule`, not `cron` and `interval`');
    expect(text).toContain('a schedule needs one of `cron`, `interval` (seconds) or `rrule`');
    expect(text).toContain('interval must be greater than 0');
    expect(text).toContain('FREQ=SOMETIMES in the rrule has an invalid value');
    expect(text).toContain('`day_or` applies to cron schedules only');
    expect(text).toContain('max_scheduled_runs must be at most 50');
    expect(text).toContain('"${" is not closed');
    expect(text).toContain('DEPLOYMENT_NAME is set by the deployer');
    expect(text).toContain('concurrency_limit must be greater than 0');
    expect(text).toContain('"COMMIT_HASH=" are the version tags');
  });

  it('refuses working_directory and pull_steps at one level', () => {
    const problem = onlyProblem(() =>
      parse(
        'defaults:\n  working_directory: /app\n  pull_steps: [{prefect.deployments.steps.set_working_directory: {directory: /x}}]\n',
      ),
    );
    expect(problem.message).toContain('`working_directory` and `pull_steps` are both set');
    expect(wheres([problem])).toEqual(['.acme-portal.yml:3:3']);
  });

  it('refuses job_variables.env and job_variables.image, pointing at env and image', () => {
    const problems = problemsOf(() => parse('defaults:\n  job_variables: {cpu: 1, env: {A: b}, image: x}\n'));
    expect(problems.map((problem) => problem.message)).toEqual([
      'defaults.job_variables.env: `job_variables.env` is built from `env`; move these variables to `env` (same level).',
      'defaults.job_variables.image: `job_variables.image` is set from `image`; use `image`.',
    ]);
  });

  it('refuses malformed pull steps', () => {
    const problems = problemsOf(() =>
      parse('defaults:\n  pull_steps:\n    - {git_clone: {}}\n    - {a.b: x}\n    - {a.b: {}, c.d: {}}\n'),
    );
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('"git_clone" is not a dotted function path'),
      expect.stringContaining('the arguments of a.b must be a mapping'),
      expect.stringContaining('a pull step is a mapping with one key'),
    ]);
  });

  it('refuses a flows root outside the repository', () => {
    for (const root of ['/abs', '../elsewhere', 'a/../../b']) {
      const problem = onlyProblem(() => parse(`flows: {root: "${root}"}\n`));
      expect(problem.message).toContain('must be a folder inside the repository');
    }
  });

  it('refuses a file that is not a mapping', () => {
    const problem = onlyProblem(() => parse('- a\n- b\n'));
    expect(wheres([problem])).toEqual(['.acme-portal.yml:1:1']);
  });
});

describe('parseConfig: ${VAR} in env', () => {
  it('fills variables from the given map and reports their values as secrets', () => {
    const { config, secrets } = parse(
      'defaults:\n  env:\n    DB_URL: "postgres://app:${DB_PASSWORD}@db/app"\n    LITERAL: "$${NOT_A_VAR}"\n    EMPTY: "${BLANK}"\n',
      { DB_PASSWORD: 'hunter2', BLANK: '' },
    );
    expect(config.defaults.env).toEqual({
      DB_URL: 'postgres://app:hunter2@db/app',
      LITERAL: '${NOT_A_VAR}',
      EMPTY: '',
    });
    expect(secrets).toEqual(['hunter2']);
  });

  it('does not fail on a missing variable until its environment is resolved', () => {
    expect(() => parse('environments:\n  prod:\n    env: {TOKEN: "${PROD_TOKEN}"}\n')).not.toThrow();
  });

  it('refuses references it cannot read, at the reference', () => {
    const problem = onlyProblem(() => parse('defaults:\n  env: {A: "x ${B:-c}"}\n'));
    expect(problem.message).toContain('${B:-c} is not a variable reference');
    expect(wheres([problem])).toEqual(['.acme-portal.yml:2:15']);
  });
});
