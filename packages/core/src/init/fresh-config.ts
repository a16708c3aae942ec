// The `.acme-portal.yml` `init` writes for a repository with no deployments yet: its project, where
// its flows are, a work pool, the Dockerfile's WORKDIR and the environments in promotion order.
import { posix } from 'node:path';
import type { Flow } from '../model/flow.js';
import { WORK_POOL_PLACEHOLDER } from '../migrate/config-yaml.js';

export interface FreshConfigFacts {
  project: string;
  flows: readonly Flow[];
  workPool: string | null;
  workingDirectory: string | null;
  environments: readonly string[];
}

const TEST_FOLDER = /^(tests?)(\/|$)/;

/** `src` or `flows` when every flow lives there, else the common folder of the flows, else `.`. */
export function flowsRootFor(flows: readonly Flow[]): { root: string; exclude: string[] } {
  const files = flows.map((flow) => flow.entrypoint.slice(0, flow.entrypoint.lastIndexOf(':')));
  const outsideTests = files.filter((file) => !TEST_FOLDER.test(file));
  const exclude =
    outsideTests.length < files.length
      ? ['tests/**', 'test/**'].filter((glob) => files.some((file) => file.startsWith(glob.slice(0, -2))))
      : [];
  if (outsideTests.length === 0) return { root: '.', exclude };
  let root = posix.dirname(outsideTests[0]!);
  for (const file of outsideTests)
    while (root !== '.' && !file.startsWith(`${root}/`)) root = posix.dirname(root);
  // `src/package/...`: keep the layout's top folder, where new flows will be added too.
  const top = root.split('/')[0]!;
  if (root !== '.' && (top === 'src' || top === 'flows')) root = top;
  return { root, exclude: root === '.' ? exclude : [] };
}

export function freshConfig(facts: FreshConfigFacts): Record<string, unknown> {
  const defaults: Record<string, unknown> = { work_pool: facts.workPool ?? WORK_POOL_PLACEHOLDER };
  if (facts.workingDirectory) defaults.working_directory = facts.workingDirectory;
  const { root, exclude } = flowsRootFor(facts.flows);
  return {
    project: facts.project,
    flows: exclude.length > 0 ? { root, exclude } : { root },
    defaults,
    environments: Object.fromEntries(facts.environments.map((env) => [env, {}])),
  };
}
