// `acme-portal init --from prefect.yaml` checked against Prefect itself: the deployments our deploy
// writes from the imported config carry what real `prefect deploy --all` (3.8.3, recorded in the
// fixture) wrote from the original, field by field, apart from the differences by design below.
// On a real server (PORTAL_E2E_PREFECT_URL) the deploy side runs against it; the recorded side is
// the lab's `prefect deploy` of the same file.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { startFakePrefect } from '../../fake-prefect/index.js';
import { gitCommitAll, runCli } from '../cli-process.js';
import { REPO_ROOT } from '../example-project.js';
import { prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';
import type { ServerDeploymentView } from '../prefect-rest.js';

const FORMS = join(REPO_ROOT, 'packages', 'core', 'test', 'migrate', 'fixtures', 'forms');

interface Comparable {
  entrypoint: string | null;
  parameters: Record<string, unknown>;
  work_pool_name: string | null;
  work_queue_name: string | null;
  job_variables: Record<string, unknown>;
  concurrency_limit: number | null;
  concurrency_options: Record<string, unknown> | null;
  enforce_parameter_schema: boolean;
  description: string | null;
  pull_steps: unknown;
  paused: boolean;
  schedules: {
    schedule: Record<string, unknown>;
    active: boolean;
    parameters: Record<string, unknown>;
    slug: string | null;
  }[];
}

type Recorded = Comparable & { flow_name: string; name: string };

type ServerView = Omit<ServerDeploymentView, 'schedules'> & {
  work_queue_name: string | null;
  concurrency_limit: number | null;
  concurrency_options: Record<string, unknown> | null;
  global_concurrency_limit?: { limit: number } | null;
  enforce_parameter_schema: boolean;
  paused: boolean;
  schedules: (ServerDeploymentView['schedules'][number] & { parameters?: Record<string, unknown> })[];
};

const bySchedule = (a: { schedule: unknown }, b: { schedule: unknown }) =>
  JSON.stringify(a.schedule).localeCompare(JSON.stringify(b.schedule));

function comparable(deployment: ServerView): Comparable {
  return {
    entrypoint: deployment.entrypoint,
    parameters: deployment.parameters,
    work_pool_name: deployment.work_pool_name,
    work_queue_name: deployment.work_queue_name,
    job_variables: deployment.job_variables,
    // 3.x keeps the limit in a global concurrency limit of the deployment's own.
    concurrency_limit: deployment.global_concurrency_limit?.limit ?? deployment.concurrency_limit,
    concurrency_options: deployment.concurrency_options,
    enforce_parameter_schema: deployment.enforce_parameter_schema,
    description: deployment.description,
    pull_steps: deployment.pull_steps,
    paused: deployment.paused,
    schedules: deployment.schedules
      .map((each) => ({
        schedule: each.schedule,
        active: each.active,
        parameters: each.parameters ?? {},
        slug: each.slug ?? null,
      }))
      .sort(bySchedule),
  };
}

/**
 * What `prefect deploy` wrote, with the differences by design applied, so the rest must be equal:
 * our deploy sets DEPLOYMENT_NAME, slugs every schedule (portal-schedule-N) so re-deploys patch
 * them in place, writes entrypoints in the file form it scanned, takes the image from the
 * container job (the `image` input) rather than a build step, and leaves out what the report lists
 * as not carried (a parameter read from a Prefect variable at deploy time). Prefect 3.8.3 writes
 * the text "None" as the description of a flow without a docstring; ours leaves it empty.
 */
function expectedFrom(
  recorded: Recorded,
  newName: string,
  entrypoint: string,
  dropped: { parameters?: string[]; image?: boolean },
): Comparable {
  const jobVariables = { ...recorded.job_variables };
  if (dropped.image) delete jobVariables.image;
  const env = {
    ...((jobVariables.env as Record<string, string> | undefined) ?? {}),
    DEPLOYMENT_NAME: newName,
  };
  const parameters = Object.fromEntries(
    Object.entries(recorded.parameters).filter(([key]) => !dropped.parameters?.includes(key)),
  );
  const { flow_name: _flow, name: _name, ...fields } = recorded;
  return {
    ...fields,
    entrypoint,
    parameters,
    job_variables: { ...jobVariables, env },
    description: recorded.description === 'None' ? null : recorded.description,
    schedules: recorded.schedules
      .map((each) => ({
        ...each,
        slug: each.slug ?? (expect.stringMatching(/^portal-schedule-\d+$/) as unknown as string),
      }))
      .sort(bySchedule),
  };
}

let server: PrefectUnderTest;
const folders: string[] = [];
beforeEach(async () => {
  server = await prefectUnderTest();
  await server.rest.createWorkPool('init-import-process', 'process');
  await server.rest.createWorkPool('init-import-docker', 'docker');
});
afterEach(async () => {
  const project = projectName;
  for (const deployment of (await server.rest.deploymentsLike(`${project}--`)).values())
    if (server.fake === null) await server.rest.deleteDeployment(deployment.id);
  await server.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const projectName = `init-import-${Math.random().toString(36).slice(2, 8)}`;

function formsCheckout(): string {
  const folder = mkdtempSync(join(tmpdir(), 'portal-init-import-'));
  folders.push(folder);
  cpSync(FORMS, folder, { recursive: true });
  rmSync(join(folder, 'prefect-deploy-3.8.3.json'));
  rmSync(join(folder, 'unsupported.prefect.yaml'));
  gitCommitAll(folder, 'main');
  return folder;
}

describe('init --from prefect.yaml against prefect deploy', () => {
  it('deploys what `prefect deploy --all` deployed from the same file, field by field', async () => {
    const cwd = formsCheckout();
    const init = await runCli(['init', '--from', 'prefect.yaml', '--workflows', 'deploy'], cwd);
    expect(init.stderr).toBe('');
    expect(init.exitCode).toBe(0);

    // The trigger prefect.yaml gave etl-prod is carried to etl_daily in prod, as written.
    const config = parseDocument(readFileSync(join(cwd, '.acme-portal.yml'), 'utf8'));
    expect(config.getIn(['environments', 'prod', 'deployments', 'etl_daily', 'triggers'])).toBeTruthy();

    const env = { FORMS_API_TOKEN: 'secret-token' };
    for (const target of ['dev', 'prod']) {
      const deploy = await runCli(
        [
          'deploy',
          '--env',
          target,
          '--project-name',
          projectName,
          '--branch',
          'main',
          '--prefect-api-url',
          server.url,
        ],
        cwd,
        env,
      );
      expect({
        target,
        exitCode: deploy.exitCode,
        stderr: deploy.stderr.split('\n').filter((line) => line.startsWith('error')),
      }).toEqual({ target, exitCode: 0, stderr: [] });
    }

    const recorded = (
      JSON.parse(readFileSync(join(FORMS, 'prefect-deploy-3.8.3.json'), 'utf8')) as {
        deployments: Recorded[];
      }
    ).deployments;
    const old = (name: string) => recorded.find((each) => each.name === name)!;
    const ours = await server.rest.deploymentsLike(`${projectName}--main--`);
    const name = (rest: string) => `${projectName}--main--${rest}`;
    const pairs: [string, string, string, { parameters?: string[]; image?: boolean }][] = [
      ['etl-dev', name('etl-daily--dev'), 'flows/etl.py:etl', {}],
      ['etl-prod', name('etl-daily--prod'), 'flows/etl.py:etl', {}],
      [
        'report-eu',
        name('eu--report-sales--dev'),
        'flows/etl.py:report_sales',
        { parameters: ['recipients'] },
      ],
      [
        'report-eu',
        name('eu--report-sales--prod'),
        'flows/etl.py:report_sales',
        { parameters: ['recipients'] },
      ],
      ['report-us', name('us--report-sales--dev'), 'flows/etl.py:report_sales', { image: true }],
      ['report-us', name('us--report-sales--prod'), 'flows/etl.py:report_sales', { image: true }],
      ['cleanup', name('sales-cleanup--dev'), 'pipelines/sales/flow.py:sales_cleanup', {}],
      ['cleanup', name('sales-cleanup--prod'), 'pipelines/sales/flow.py:sales_cleanup', {}],
    ];
    expect([...ours.keys()].sort()).toEqual(pairs.map(([, newName]) => newName).sort());
    for (const [oldName, newName, entrypoint, dropped] of pairs) {
      const deployment = (await server.rest.readDeployment(ours.get(newName)!.id)) as ServerView;
      expect({ newName, ...comparable(deployment) }).toEqual({
        newName,
        ...expectedFrom(old(oldName), newName, entrypoint, dropped),
      });
    }

    // The trigger is deployed as an automation running etl-daily in prod only, as prefect deploy did for etl-prod.
    const running = await server.rest.automationsRunning([ours.get(name('etl-daily--prod'))!.id]);
    expect(running.map((automation) => automation.trigger.expect)).toEqual([['prefect.flow-run.Completed']]);
    expect(await server.rest.automationsRunning([ours.get(name('etl-daily--dev'))!.id])).toEqual([]);
  });
});

describe('init on a repository with no config', () => {
  function freshRepository(): string {
    const folder = mkdtempSync(join(tmpdir(), 'portal-init-fresh-'));
    folders.push(folder);
    mkdirSync(join(folder, 'src', 'acme_etl'), { recursive: true });
    mkdirSync(join(folder, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(folder, 'pyproject.toml'), '[project]\nname = "acme-etl"\nversion = "0.3.0"\n');
    writeFileSync(
      join(folder, 'src', 'acme_etl', 'hello.py'),
      'from prefect import flow\n\n\n@flow\ndef hello(name: str = "world"):\n    print(name)\n',
    );
    writeFileSync(join(folder, '.github', 'workflows', 'ci.yml'), 'name: CI tests\non: push\njobs: {}\n');
    gitCommitAll(folder, 'main');
    return folder;
  }

  it('writes a config and workflows that deploy --dry-run takes as they are, and changes nothing the second time', async () => {
    const cwd = freshRepository();
    const pool = 'init-import-process';
    const first = await runCli(['init', '--work-pool', pool, '--json'], cwd);
    expect(first.exitCode).toBe(0);
    const written = JSON.parse(first.stdout) as {
      files: { path: string; status: string }[];
      written: number;
    };
    expect(written.files.map((each) => [each.path, each.status])).toEqual([
      ['.acme-portal.yml', 'create'],
      ['Dockerfile', 'create'],
      ['.github/workflows/container.yml', 'create'],
      ['.github/workflows/deploy.yml', 'create'],
      ['.github/workflows/promote.yml', 'create'],
    ]);
    const config = parseDocument(readFileSync(join(cwd, '.acme-portal.yml'), 'utf8')).toJS() as Record<
      string,
      unknown
    >;
    expect(config).toEqual({
      project: 'acme-etl',
      flows: { root: 'src' },
      defaults: { work_pool: pool, working_directory: '/opt/prefect/acme-etl' },
      environments: { dev: {}, prod: {} },
    });
    // The repository's own test workflow ("CI tests") is what container.yml waits for.
    const container = parseDocument(
      readFileSync(join(cwd, '.github', 'workflows', 'container.yml'), 'utf8'),
    ).toJS() as {
      on: { workflow_run: { workflows: string[] } };
    };
    expect(container.on.workflow_run.workflows).toEqual(['CI tests']);

    gitCommitAll(cwd, 'main');
    const plan = await runCli(['deploy', '--env', 'dev', '--dry-run', '--prefect-api-url', server.url], cwd);
    expect({
      exitCode: plan.exitCode,
      stderr: plan.stderr.split('\n').filter((line) => line.startsWith('error')),
    }).toEqual({ exitCode: 0, stderr: [] });
    expect(plan.stdout).toContain('acme-etl--main--hello--dev');

    const again = await runCli(['init', '--work-pool', pool, '--json'], cwd);
    expect((JSON.parse(again.stdout) as { written: number }).written).toBe(0);
  });

  it('takes the only work pool of the server, and prints every file with --dry-run without writing', async () => {
    const cwd = freshRepository();
    const fake = await startFakePrefect();
    try {
      fake.addWorkPool('the-only-pool', 'process');
      const run = await runCli(
        [
          'init',
          '--dry-run',
          '--workflows',
          'deploy,plan',
          '--envs',
          'dev,tst,prod',
          '--prefect-api-url',
          fake.url,
        ],
        cwd,
      );
      expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: '' });
      expect(run.stdout).toContain('work_pool: the-only-pool');
      expect(run.stdout).toContain('work pool the-only-pool, the only one on the server');
      expect(run.stdout).toContain('options: [dev, tst]');
      expect(run.stdout).toContain('Try it: acme-portal deploy --env dev --dry-run');
      expect(existsSync(join(cwd, '.acme-portal.yml'))).toBe(false);
    } finally {
      await fake.close();
    }
  });
});
