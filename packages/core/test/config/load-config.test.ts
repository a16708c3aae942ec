import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigurationError } from '../../src/errors/portal-error.js';
import { problemsOfAsync, wheres } from './problems.js';

let repo: string;

beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'portal-config-'));
});

afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

async function write(path: string, text: string): Promise<void> {
  await mkdir(join(repo, path, '..'), { recursive: true });
  await writeFile(join(repo, path), text);
}

describe('loadConfig', () => {
  it('reads .acme-portal.yml at the repository root by default', async () => {
    await write('.acme-portal.yml', 'project: etl\n');
    const loaded = await loadConfig({ repoRoot: repo, env: {} });
    expect(loaded.source).toEqual({ file: '.acme-portal.yml', exists: true });
    expect(loaded.config.project).toBe('etl');
  });

  it('gives an empty config when no file exists and none was asked for', async () => {
    const loaded = await loadConfig({ repoRoot: repo, env: {} });
    expect(loaded.source).toEqual({ file: '.acme-portal.yml', exists: false });
    expect(loaded.config.deployments).toEqual({});
    expect(loaded.locate(['defaults'])).toBeUndefined();
  });

  it('fails when a given path does not exist', async () => {
    const [problem] = await problemsOfAsync(() =>
      loadConfig({ path: 'deploy/portal.yml', repoRoot: repo, env: {} }),
    );
    expect(problem).toBeInstanceOf(ConfigurationError);
    expect(problem!.message).toBe('The config file deploy/portal.yml does not exist.');
  });

  it('reads a given path relative to the repository and labels locations with it', async () => {
    await write('deploy/portal.yml', 'defaults:\n  paused: 1\n');
    const problems = await problemsOfAsync(() =>
      loadConfig({ path: 'deploy/portal.yml', repoRoot: repo, env: {} }),
    );
    expect(wheres(problems)).toEqual(['deploy/portal.yml:2:11']);
  });

  it('finds the SDK legacy file where acme-portal-sdk kept it', async () => {
    await write(
      '.acme_portal_sdk/static_flow_deploy_config.yaml',
      'hello_world:\n  work_pool_name: ecs-pool\n',
    );
    const loaded = await loadConfig({ repoRoot: repo, env: {} });
    expect(loaded.source.file).toBe('.acme_portal_sdk/static_flow_deploy_config.yaml');
    expect(loaded.config.format).toBe('legacy');
  });

  it('prefers our file over the legacy one', async () => {
    await write(
      '.acme_portal_sdk/static_flow_deploy_config.yaml',
      'hello_world:\n  work_pool_name: ecs-pool\n',
    );
    await write('.acme-portal.yaml', 'project: ours\n');
    expect((await loadConfig({ repoRoot: repo, env: {} })).config.project).toBe('ours');
  });

  it('passes the environment map to ${VAR} and returns the secrets', async () => {
    await write('.acme-portal.yml', 'defaults:\n  env: {TOKEN: "${API_TOKEN}"}\n');
    const loaded = await loadConfig({ repoRoot: repo, env: { API_TOKEN: 'tok-123' } });
    expect(loaded.secrets).toEqual(['tok-123']);
    expect(loaded.locate(['defaults', 'env', 'TOKEN'])).toEqual({
      file: '.acme-portal.yml',
      line: 2,
      column: 9,
    });
  });

  it('says so when the path is a folder', async () => {
    await mkdir(join(repo, 'conf'));
    const [problem] = await problemsOfAsync(() => loadConfig({ path: 'conf', repoRoot: repo, env: {} }));
    expect(problem!.message).toContain('Cannot read the config file conf: EISDIR');
  });
});
