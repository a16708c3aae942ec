// A new repository that copied the templates: the deploy and promote steps of
// action-templates/*.yml, run with exactly their `with:` blocks (expressions filled as GitHub
// would), deploy every flow to dev with the built image and promote it to prod.
import { afterAll, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakePrefect } from '../../fake-prefect/index.js';
import { removeActionScratch, runActionBundle } from '../action-process.js';
import { EXAMPLES_DIR, REPO_ROOT } from '../example-project.js';
import { describeOnFake } from '../prefect-under-test.js';
import { fill, withBlock } from '../template-step.js';

const commit = 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe';
const workspaces: string[] = [];

afterAll(() => {
  for (const folder of workspaces) rmSync(folder, { recursive: true, force: true });
  removeActionScratch();
});

describeOnFake('the copy-in templates in a new repository', () => {
  it('deploy.yml deploys every flow to dev with the commit image, promote.yml moves it to prod', async () => {
    const prefect = await startFakePrefect({ auth: { apiKey: 'pnu_template_key' } });
    try {
      prefect.addWorkPool('my-pool', 'docker');
      const workspace = mkdtempSync(join(tmpdir(), 'portal-new-repo-'));
      workspaces.push(workspace);
      cpSync(join(EXAMPLES_DIR, 'flows'), join(workspace, 'flows'), { recursive: true });
      cpSync(join(EXAMPLES_DIR, 'pyproject.toml'), join(workspace, 'pyproject.toml'));
      writeFileSync(
        join(workspace, '.acme-portal.yml'),
        readFileSync(join(REPO_ROOT, 'action-templates', 'acme-portal.yml'), 'utf8'),
      );
      const secrets = {
        'secrets.PREFECT_API_URL': prefect.url,
        'secrets.PREFECT_API_KEY': 'pnu_template_key',
      };
      const image = `ghcr.io/acme/new-repo:${commit}`;

      const deployed = await runActionBundle('deploy', {
        workspace,
        branch: 'main',
        commit,
        inputs: fill(withBlock('deploy.yml', 'deploy'), {
          ...secrets,
          "inputs.environment || 'dev'": 'dev',
          "inputs.flows-to-deploy || 'all'": 'all',
          'steps.image.outputs.ref': image,
          'steps.image.outputs.commit': commit,
        }),
      });
      expect(deployed.commands.filter((line) => line.startsWith('::error'))).toEqual([]);
      expect(deployed.exitCode).toBe(0);
      const count = Number(deployed.outputs.created);
      expect(count).toBeGreaterThan(0);
      expect(deployed.outputs.failed).toBe('0');
      const dev = [...prefect.state.deployments.values()] as {
        name: string;
        job_variables: { image?: string };
      }[];
      expect(dev.every((deployment) => deployment.job_variables.image === image)).toBe(true);
      expect(deployed.summary).toContain('my-project--main--hello-world--dev');

      const promoted = await runActionBundle('promote', {
        workspace,
        branch: 'main',
        commit,
        inputs: fill(withBlock('promote.yml', 'promote'), {
          ...secrets,
          'inputs.source-env': 'dev',
          'inputs.target-env': 'prod',
          'inputs.flows-to-deploy': 'all',
          'inputs.expected-commit': commit,
          'inputs.dry-run': 'false',
        }),
      });
      expect(promoted.exitCode).toBe(0);
      expect(promoted.outputs.created).toBe(String(count));
      const prod = JSON.parse(promoted.outputs.deployments!) as { name: string; to_commit: string }[];
      expect(prod.every((row) => row.name.endsWith('--prod') && row.to_commit === commit)).toBe(true);
    } finally {
      await prefect.close();
    }
  });
});
