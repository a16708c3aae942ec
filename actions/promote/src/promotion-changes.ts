// What a promotion changes in code, per flow: the target's commit before and after, the compare
// link, and (with a GitHub token) the commits in between; a GitHub failure is only a warning.
import {
  COMMITS_SHOWN,
  compareUrl,
  type CommitHistory,
  type CommitRange,
  type Progress,
  type PromotionStep,
} from '@portal-actions/core';
import { describeGitHubError } from '@portal-actions/runner';

export interface PromotionChange {
  compare_url: string | null;
  /** The first commits of from...to (oldest first); null when they were not read. */
  commits: { sha: string; title: string; author: string | null }[] | null;
  total_commits: number | null;
}

export async function promotionChanges(
  steps: readonly PromotionStep[],
  options: { history: CommitHistory | null; serverUrl: string; repository: string; progress: Progress },
): Promise<PromotionChange[]> {
  // One compare per distinct pair: flows promoted together usually share both commits.
  const ranges = new Map<string, Promise<CommitRange | null>>();
  const rangeOf = (from: string, to: string) => {
    const key = `${from}...${to}`;
    let range = ranges.get(key);
    if (!range) {
      range = options.history!.commitsBetween(from, to, COMMITS_SHOWN).catch((error: unknown) => {
        options.progress.warning(
          `Could not list the commits ${from.slice(0, 12)}...${to.slice(0, 12)} from GitHub: ${describeGitHubError(error)}`,
        );
        return null;
      });
      ranges.set(key, range);
    }
    return range;
  };
  return Promise.all(
    steps.map(async (step) => {
      const url = compareUrl(options.serverUrl, options.repository, step.fromCommit, step.toCommit);
      const range =
        url && options.history && step.fromCommit && step.toCommit
          ? await rangeOf(step.fromCommit, step.toCommit)
          : null;
      return {
        compare_url: url,
        commits: range?.commits ?? null,
        total_commits: range?.total ?? null,
      };
    }),
  );
}
