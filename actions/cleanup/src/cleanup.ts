// The cleanup action's work, runner-independent: the project name, which branches are gone
// (through the RepositoryBranches port when sweeping), then the cleaner against every Prefect
// server the chosen environments live on.
// Tests (and a CLI) call it directly with typed inputs.
import {
  InputError,
  PrefectCleaner,
  resolveProject,
  type CleanupOutcome,
  type CleanupResult,
  type CleanupTarget,
  type PrefectClientOptions,
  type Progress,
  type RepositoryBranches,
} from '@portal-actions/core';
import { loadPortalConfig, openEnvironmentServers } from '@portal-actions/runner';
import type { CleanupInputs } from './inputs.js';

export interface CleanupSources {
  /** `owner/name`: the project name's fallback. */
  repository: string;
  /** The checkout, where the config file is looked for. */
  workspace: string;
  /** Where stale-branch sweeps learn which branches exist; needed only for those. */
  branches: RepositoryBranches | null;
}

export interface CleanupRun {
  result: CleanupResult;
  project: string;
  target: CleanupTarget;
}

async function targetOf(inputs: CleanupInputs, sources: CleanupSources): Promise<CleanupTarget> {
  if (inputs.deployments.length > 0) return { kind: 'deployments', deployments: inputs.deployments };
  if (!inputs['stale-branches']) return { kind: 'branches', branches: inputs.branch };
  if (!sources.branches) {
    throw new InputError(
      '`stale-branches: true` needs the repository’s branch list, and no GitHub token was given.',
      {
        hint: 'Set `github-token` (the default `${{ github.token }}` can list branches).',
      },
    );
  }
  const [existing, defaultBranch] = await Promise.all([
    sources.branches.listBranches(),
    sources.branches.defaultBranch(),
  ]);
  // A listing without the default branch is a wrong listing, not a repository without branches.
  if (!existing.includes(defaultBranch)) {
    throw new InputError(
      `The branch list of ${sources.repository} (${existing.length} branches) lacks its default branch "${defaultBranch}"; nothing was deleted.`,
      { hint: 'Check that `github-token` can read this repository.' },
    );
  }
  const keep = inputs['keep-branches'].length > 0 ? inputs['keep-branches'] : [defaultBranch];
  return { kind: 'stale-branches', existingBranches: existing, keepBranches: keep };
}

export async function runCleanup(
  inputs: CleanupInputs,
  sources: CleanupSources,
  env: NodeJS.ProcessEnv,
  progress: Progress,
  /** Client settings for tests (fast retries, say); users never set them. */
  clientOptions: Partial<PrefectClientOptions> = {},
): Promise<CleanupRun> {
  const { config } = await loadPortalConfig(inputs.config, sources.workspace, env);
  const { project } = resolveProject({
    inputs: { project: inputs['project-name'] },
    config,
    repository: sources.repository,
  });
  const target = await targetOf(inputs, sources);
  progress.info(
    target.kind === 'branches'
      ? `Removing ${project}'s deployments of ${target.branches.join(', ')} in ${inputs.envs === 'all' ? 'every environment' : inputs.envs.join(', ')}`
      : target.kind === 'deployments'
        ? `Removing the deployments ${target.deployments.join(', ')} (outside acme-portal naming) from the servers of ${inputs.envs === 'all' ? 'every environment' : inputs.envs.join(', ')}`
        : `Removing ${project}'s deployments of branches that no longer exist (${target.existingBranches.length} exist; kept: ${target.keepBranches.join(', ')})`,
  );
  // Each environment on its own server (the config's `environments.<env>.prefect`), the others on
  // the action's connection: the grouping find-flows' portal view reads through.
  const open = openEnvironmentServers(inputs, config, env, progress, clientOptions, inputs.envs);
  try {
    const result = await new PrefectCleaner(open.servers).cleanup({
      project,
      target,
      envs: inputs.envs,
      maxDeletes: inputs['max-deletes'],
      dryRun: inputs['dry-run'],
      concurrency: 8,
      progress,
    });
    return { result, project, target };
  } finally {
    await open.close();
  }
}

/**
 * The `deleted` output: the deployments removed (or already gone), or in a dry run the ones that
 * would be (status `planned`); empty when the cleanup was refused. `count` is its length.
 */
export function deletedOutput(result: CleanupResult): Array<Omit<CleanupOutcome, 'error'>> {
  if (result.refused) return [];
  return result.outcomes
    .filter((outcome) => outcome.status !== 'failed')
    .map(({ name, id, branch, env, flow, server, status }) => ({
      name,
      id,
      branch,
      env,
      flow,
      server,
      status,
    }));
}
