// version_info on an OSS server: deploy sends what Prefect's SDK would infer in GitHub Actions,
// the server discards it, and a re-deploy is still unchanged (it is compared only where kept).
import { afterEach, beforeEach, expect } from '@jest/globals';
import { deploy, newScenario } from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { itOnFake, prefectUnderTest, type PrefectUnderTest } from '../prefect-under-test.js';

let server: PrefectUnderTest;
beforeEach(async () => {
  server = await prefectUnderTest();
});
afterEach(async () => {
  await server.close();
  removeExampleCopies();
});

itOnFake('is sent on create, and an unchanged re-deploy stays unchanged', async () => {
  const scenario = newScenario(server.url, 'version-info');

  await deploy(scenario, { flows: ['hello_world'] });

  const created = server.fake!.requests.find((r) => r.method === 'POST' && r.path === '/deployments/')!;
  expect((created.body as Record<string, unknown>).version_info).toEqual({
    type: 'vcs:github',
    version: scenario.commit.slice(0, 8),
    commit_sha: scenario.commit,
    branch: scenario.branch,
    repository: 'acme/portal-actions',
    url: `https://github.com/acme/portal-actions/tree/${scenario.commit}`,
  });
  const again = await deploy(scenario, { flows: ['hello_world'] });
  expect(again.result.plan.items.map((item) => [item.action, item.changes])).toEqual([['unchanged', []]]);
});
