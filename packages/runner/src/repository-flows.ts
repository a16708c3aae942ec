// Finds the repository's flows for an action: scan root from the input or the config, the
// config's excludes, scanner warnings shown as annotations on the file and line.
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import {
  NotFoundError,
  PrefectFlowFinder,
  type FlowScanResult,
  type PortalConfig,
  type Progress,
} from '@portal-actions/core';

export interface RepositoryFlows extends FlowScanResult {
  /** The scan root relative to the repository root (`.` for the root itself). */
  root: string;
}

export async function findRepositoryFlows(options: {
  /** The checkout: the `root` input and annotation paths are relative to it. */
  repoRoot: string;
  /** Where flows run from: entrypoints and `flows.root` are relative to it. */
  projectRoot: string;
  rootInput: string;
  config: PortalConfig;
  exclude?: string[];
  progress: Progress;
}): Promise<RepositoryFlows> {
  const { repoRoot, config, progress } = options;
  const root = options.rootInput || config.flows.root || '.';
  const absolute = options.rootInput
    ? resolve(repoRoot, options.rootInput)
    : resolve(options.projectRoot, root);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    throw new NotFoundError(`The folder to scan for flows, "${root}", does not exist in the repository.`, {
      hint: "Fix the `root` input (relative to the repository root) or `flows.root` in the config file (relative to the config file's folder); did the job check out the repository?",
    });
  }
  const rootLabel = relative(repoRoot, absolute).split(sep).join('/') || '.';
  const result = await new PrefectFlowFinder().findFlows({
    root: absolute,
    repoRoot: options.projectRoot,
    exclude: [...config.flows.exclude, ...(options.exclude ?? [])],
  });
  for (const warning of result.warnings) {
    const file = rootLabel === '.' ? warning.file : `${rootLabel}/${warning.file}`;
    progress.warning(warning.message, {
      file,
      ...(warning.line !== undefined ? { line: warning.line } : {}),
    });
  }
  progress.info(
    `Found ${result.flows.length} flow${result.flows.length === 1 ? '' : 's'} in ${result.stats.filesSeen} Python files under ${rootLabel === '.' ? 'the repository root' : rootLabel}.`,
  );
  return { ...result, root: rootLabel };
}
