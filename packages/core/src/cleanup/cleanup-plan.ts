// Which of a project's deployments a cleanup removes: those of named branches, or of branches
// that no longer exist (minus the ones kept), in some or all environments. Pure: the listing
// comes in, the chosen deployments go out, and only names of our own pattern are ever chosen.
// (Deployments outside our naming are only ever removed by name: see named-deployments.)
import type { ListedDeployment } from '../find-deployments/list-project-deployments.js';
import { toSegment } from '../naming/deployment-name.js';

export type CleanupTarget =
  /** The deployments of these branches (as Git names them; compared as deploy names them). */
  | { kind: 'branches'; branches: string[] }
  /** The deployments of every branch not in `existingBranches` nor `keepBranches`. */
  | { kind: 'stale-branches'; existingBranches: string[]; keepBranches: string[] }
  /** Exactly these deployments outside acme-portal naming, `flow/name` as Prefect names them. */
  | { kind: 'deployments'; deployments: string[] };

export type BranchTarget = Exclude<CleanupTarget, { kind: 'deployments' }>;

export interface CleanupSelection {
  target: CleanupTarget;
  /** Environment names; `all` for every environment. */
  envs: 'all' | string[];
}

export interface CleanupItem {
  name: string;
  id: string;
  /** The branch part of the name (a segment: `feature-x` for `feature/x`); null for a named deployment outside our naming. */
  branch: string | null;
  /** Null for a named deployment outside our naming. */
  env: string | null;
  flow: string;
}

/** The deployments to delete, sorted by name (none for named deployments: they are not listed here). */
export function planCleanup(listed: readonly ListedDeployment[], selection: CleanupSelection): CleanupItem[] {
  const segments = (names: readonly string[]) => new Set(names.map(toSegment));
  const envs = selection.envs === 'all' ? null : segments(selection.envs);
  const { target } = selection;
  if (target.kind === 'deployments') return [];
  const chosen =
    target.kind === 'branches'
      ? (() => {
          const wanted = segments(target.branches);
          return (branch: string) => wanted.has(branch);
        })()
      : (() => {
          // Normalisation is many-to-one: an existing `feature/x` also keeps `feature-x`'s deployments.
          const alive = segments([...target.existingBranches, ...target.keepBranches]);
          return (branch: string) => !alive.has(branch);
        })();
  return listed
    .filter(({ parts }) => chosen(parts.branch) && (envs === null || envs.has(parts.env)))
    .map(({ deployment, parts }) => ({
      name: deployment.name,
      id: deployment.id,
      branch: parts.branch,
      env: parts.env,
      flow: parts.flow,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
