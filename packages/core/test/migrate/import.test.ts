// init --from: prefect.yaml files (every form, several at once, one project per folder) and the
// SDK's static config become configs that validate, with a report that says what happened.
import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { parseConfig, planInit, writeInitPlan, type InitPlan, type InitRequest } from '../../src/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function request(repoRoot: string, from: string[], extra: Partial<InitRequest> = {}): InitRequest {
  return {
    repoRoot,
    repository: 'acme/forms',
    from,
    environments: null,
    workPool: null,
    workflows: [],
    templates: {},
    force: false,
    branch: 'main',
    serverWorkPools: null,
    command: `acme-portal init ${from.map((each) => `--from ${each}`).join(' ')}`,
    ...extra,
  };
}

const file = (plan: InitPlan, path: string) => {
  const found = plan.files.find((each) => each.path === path);
  if (!found) throw new Error(`no ${path} in ${plan.files.map((each) => each.path).join(', ')}`);
  return found.text;
};

/** The config as our parser reads it, triggers included. */
function validated(text: string, path = '.acme-portal.yml') {
  return parseConfig(text, path, { FORMS_API_TOKEN: 'x' }).config;
}

describe('init --from prefect.yaml (every form)', () => {
  it('writes a config that validates, with environments, variants and the not-carried list', async () => {
    const plan = await planInit(
      request(join(FIXTURES, 'forms'), ['prefect.yaml', 'unsupported.prefect.yaml']),
    );
    const config = validated(file(plan, '.acme-portal.yml'));
    expect(config.project).toBe('forms');
    expect(config.environments.map((env) => env.name)).toEqual(['dev', 'prod']);
    expect(Object.keys(config.deployments).sort()).toEqual(['etl_daily', 'report_sales', 'sales_cleanup']);
    expect(Object.keys(config.deployments.report_sales!.variants ?? {})).toEqual(['eu', 'us']);
    const prod = config.environments.find((env) => env.name === 'prod')!;
    expect(prod.deployments.etl_daily).toMatchObject({
      parameters: { limit: 1000 },
      concurrency_limit: 2,
      concurrency_options: { collision_strategy: 'CANCEL_NEW', grace_period_seconds: 120 },
      // `${FORMS_API_TOKEN}` in the file, read from the environment the parser is given.
      env: { LOG_LEVEL: 'WARNING', API_TOKEN: 'x' },
    });
    expect(config.deployments.etl_daily).toMatchObject({
      working_directory: '/opt/prefect/forms',
      work_pool: 'init-import-process',
    });
    expect(config.deployments.sales_cleanup!.variants?.cleanup?.pull_steps).toEqual([
      {
        'prefect.deployments.steps.git_clone': {
          id: 'clone',
          repository: 'https://github.com/acme/forms.git',
          access_token: '{{ prefect.blocks.secret.forms-token }}',
        },
      },
      { 'prefect.deployments.steps.pip_install_requirements': { directory: '{{ clone.directory }}' } },
    ]);

    const report = file(plan, 'acme-portal-migration.md');
    expect(plan.report).toBe(report);
    for (const row of [
      '| `etl-daily/etl-dev` | prefect.yaml:34:5 | dev: `forms--main--etl-daily--dev` |',
      '| prefect.yaml:38:5 | `etl-dev` | `version` |',
      '| prefect.yaml:79:20 | `report-eu` | `parameters.recipients.0` | {{ prefect.variables.forms_recipients }} is a Prefect variable',
      '| prefect.yaml:92:9 | `report-us` | `work_pool.job_variables.image` | {{ build-image.stdout }} is the image a build step made',
      '| prefect.yaml:5:1 | `etl-dev`, `etl-prod`, `report-eu`, `report-us`, `cleanup` | `build` |',
      '| unsupported.prefect.yaml:3:5 | `nobody` | `entrypoint` | `flows/missing.py:etl` names no flow found in the repository, so this deployment was not imported. Closest flows: `flows/etl.py:etl`.',
      '| unsupported.prefect.yaml:11:7 | `slow-cleanup` | `work_pool.name` | {{ $POOL }} is an environment variable of the machine that ran `prefect deploy`',
      '| unsupported.prefect.yaml:12:5 | `slow-cleanup` | `sla` |',
      "acme-portal cleanup --deployments 'etl-daily/etl-dev,etl-daily/etl-prod,report-sales/report-eu,report-sales/report-us,sales-cleanup/cleanup,sales-cleanup/slow-cleanup'",
      '`etl-dev`, `etl-prod` became environments dev, prod (told apart by name). They differ in',
      'Copied as written (Prefect trigger objects)',
    ])
      expect(report).toContain(row);
  });

  it('never merges two deployments whose settings differ: they stay environments or variants, and the report names the differences', async () => {
    const plan = await planInit(
      request(join(FIXTURES, 'forms'), ['prefect.yaml', 'unsupported.prefect.yaml']),
    );
    // cleanup and slow-cleanup: same flow, no environment word, different settings -> variants.
    expect(plan.report).toMatch(
      /`sales_cleanup` .*`cleanup`, `slow-cleanup` became variants `cleanup`, `slow-cleanup`.* They differ in `work_pool`, `pull_steps`/,
    );
  });

  it('keeps the imported triggers as written, and they validate as the triggers setting', async () => {
    const plan = await planInit(request(join(FIXTURES, 'forms'), ['prefect.yaml']));
    const config = validated(file(plan, '.acme-portal.yml'));
    const text = JSON.stringify(config);
    expect(text).toContain('prefect.flow-run.Completed');
  });
});

describe('init --from several prefect.yaml files', () => {
  it('writes one config per project folder when each file is deployed from its own folder, and one at the root for the rest', async () => {
    const plan = await planInit(request(join(FIXTURES, 'monorepo'), ['pipelines/*/prefect.yaml']));
    expect(plan.files.map((each) => each.path)).toEqual([
      '.acme-portal.yml',
      'pipelines/alpha/.acme-portal.yml',
      'pipelines/beta/.acme-portal.yml',
      'acme-portal-migration.md',
    ]);
    const alpha = validated(
      file(plan, 'pipelines/alpha/.acme-portal.yml'),
      'pipelines/alpha/.acme-portal.yml',
    );
    const beta = validated(file(plan, 'pipelines/beta/.acme-portal.yml'), 'pipelines/beta/.acme-portal.yml');
    const root = validated(file(plan, '.acme-portal.yml'));
    expect([alpha.project, beta.project, root.project]).toEqual(['alpha', 'beta', 'forms']);
    expect(Object.keys(alpha.deployments)).toEqual(['main']);
    expect(Object.keys(beta.deployments)).toEqual(['main']);
    expect(Object.keys(root.deployments)).toEqual(['gamma_run']);
    expect(alpha.defaults).toMatchObject({ working_directory: '/opt/alpha', work_pool: 'shared-pool' });
    // Told apart by work pool: beta-dev and beta-prod.
    expect(
      beta.environments.map((env) => [env.name, env.settings.work_pool, env.settings.parameters]),
    ).toEqual([
      ['dev', 'beta-dev', { size: 10 }],
      ['prod', 'beta-prod', { size: 1000 }],
    ]);
    expect(plan.report).toContain('each folder gets its own config');
    expect(plan.report).toContain('told apart by work pool');
    expect(plan.nextSteps).toContain(
      'Try it: `acme-portal deploy --env dev --dry-run --config pipelines/alpha/.acme-portal.yml`.',
    );
  });

  it('refuses a glob that matches nothing, naming it', async () => {
    await expect(planInit(request(join(FIXTURES, 'monorepo'), ['nowhere/*/prefect.yaml']))).rejects.toThrow(
      '--from nowhere/*/prefect.yaml matches no file in the repository.',
    );
  });
});

describe("init --from acme-portal-sdk's static config", () => {
  it("writes the native format with the SDK's defaults spelled out and the triggers copied", async () => {
    const plan = await planInit(
      request(join(FIXTURES, 'monorepo'), ['.acme_portal_sdk/static_flow_deploy_config.yaml']),
    );
    const text = file(plan, '.acme-portal.yml');
    const config = validated(text);
    expect(config.defaults).toEqual({ work_pool: 'sdk-pool', concurrency_limit: 1, paused: false });
    expect(config.deployments.gamma_run).toMatchObject({
      schedules: [{ cron: '0 3 * * *' }],
      description: 'Gamma, from the SDK',
    });
    expect(config.deployments.main).toMatchObject({ concurrency_limit: 3 });
    expect(parseDocument(text).getIn(['deployments', 'gamma_run', 'triggers'])).toBeTruthy();
    expect(plan.report).toContain('Nothing to remove');
  });
});

describe('init --from writes nothing over an existing file without --force', () => {
  it('plans `exists` for a changed file and `unchanged` for an equal one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'init-import-'));
    try {
      cpSync(join(FIXTURES, 'forms'), folder, { recursive: true });
      const first = await planInit(request(folder, ['prefect.yaml']));
      expect(first.files.map((each) => each.status)).toEqual(['create', 'create']);
      await writeInitPlan(folder, first);
      const again = await planInit(request(folder, ['prefect.yaml']));
      expect(again.files.map((each) => each.status)).toEqual(['unchanged', 'unchanged']);
      const other = await planInit(
        request(folder, ['prefect.yaml'], { environments: ['dev', 'tst', 'prod'] }),
      );
      // --envs naming every environment the old names hold is taken as the promotion order.
      expect(other.files.map((each) => each.status)).toEqual(['exists', 'exists']);
      expect(other.files[0]!.text).toMatch(/\n {2}tst: null\n {2}prod:/);
      writeFileSync(join(folder, '.acme-portal.yml'), 'project: edited by hand\n');
      const kept = await planInit(request(folder, ['prefect.yaml']));
      expect(kept.files.map((each) => each.status)).toEqual(['exists', 'unchanged']);
      expect(await writeInitPlan(folder, kept)).toEqual([]);
      expect(readFileSync(join(folder, '.acme-portal.yml'), 'utf8')).toBe('project: edited by hand\n');
      const forced = await planInit(request(folder, ['prefect.yaml'], { force: true }));
      expect(forced.files.map((each) => each.status)).toEqual(['overwrite', 'unchanged']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
