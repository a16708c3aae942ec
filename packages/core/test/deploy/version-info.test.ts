import { describe, expect, it } from '@jest/globals';
import { buildDeploymentSpec } from '../../src/deploy/build-deployment-spec.js';
import { githubVersionInfo } from '../../src/deploy/version-info.js';
import { createDeploymentBody } from '../../src/prefect/deployment-request.js';
import { diffDeployment } from '../../src/plan/deployment-diff.js';
import { promotedSpec } from '../../src/promote/target-spec.js';
import { fitDeploymentBody } from '../../src/prefect/client/version-gates.js';
import { parseServerVersion } from '../../src/prefect/client/server-version.js';
import type { ServerDeployment } from '../../src/prefect/server-deployment.js';
import { aFlow, facts, someSettings } from './fixtures.js';

const commit = facts.commit;
const info = githubVersionInfo({
  commit,
  branch: 'main',
  repository: 'acme/flows',
  serverUrl: 'https://github.com/',
})!;

const spec = buildDeploymentSpec({
  flow: aFlow('etl'),
  env: 'dev',
  settings: someSettings({ schedules: [] }),
  facts: { ...facts, versionInfo: info },
  poolTakesImage: true,
});

function stored(extra: Partial<ServerDeployment> = {}): ServerDeployment {
  const body = createDeploymentBody(spec, 'f1');
  const { version_info: _sent, ...kept } = body;
  return {
    id: 'd1',
    flow_id: 'f1',
    ...(kept as Omit<ServerDeployment, 'id' | 'flow_id'>),
    schedules: [],
    ...extra,
  };
}

describe('version_info', () => {
  it('is what Prefect’s SDK infers in GitHub Actions', () => {
    expect(info).toEqual({
      type: 'vcs:github',
      version: commit.slice(0, 8),
      commit_sha: commit,
      branch: 'main',
      repository: 'acme/flows',
      url: `https://github.com/acme/flows/tree/${commit}`,
    });
    expect(githubVersionInfo({ commit, branch: 'main', repository: '', serverUrl: '' })).toBeNull();
  });

  it('is sent on create, and cut for servers older than 3.3.6', () => {
    const body = createDeploymentBody(spec, 'f1');
    expect(body.version_info).toEqual(info);
    expect(fitDeploymentBody(body, parseServerVersion('3.3.5')!, 'create').body).not.toHaveProperty(
      'version_info',
    );
    expect(fitDeploymentBody(body, parseServerVersion('3.3.6')!, 'create').body.version_info).toEqual(info);
  });

  it('is not compared when the server does not answer with it (OSS discards it)', () => {
    expect(diffDeployment(spec, stored(), { slugs: true })).toEqual([]);
  });

  it('is compared when the server keeps it (Cloud): unset or different is a change, equal is not', () => {
    expect(diffDeployment(spec, stored({ version_info: null }), { slugs: true }).map((c) => c.field)).toEqual(
      ['version_info'],
    );
    expect(diffDeployment(spec, stored({ version_info: { ...info } }), { slugs: true })).toEqual([]);
    expect(
      diffDeployment(spec, stored({ version_info: { ...info, version: 'ffffffff' } }), { slugs: true }).map(
        (c) => c.field,
      ),
    ).toEqual(['version_info']);
  });

  it('travels with a promotion as the version does; a source without it sends none', () => {
    const settings = { tags: [], parameters: {}, job_variables: {}, env: {} };
    const input = { flowName: 'etl', targetName: 'acme--main--etl--prod', targetEnv: 'prod', settings };
    expect(promotedSpec({ ...input, source: stored({ version_info: info }) }).version_info).toEqual(info);
    expect(promotedSpec({ ...input, source: stored() })).not.toHaveProperty('version_info');
  });
});
