// What a promotion changes in code: the commits between the target's commit and the source's,
// as a port (the runner implements it with Octokit) plus the compare link anyone can open.

export interface CommitSummary {
  sha: string;
  /** The first line of the message. */
  title: string;
  author: string | null;
}

export interface CommitRange {
  /** Commits in base..head, oldest first, at most `limit`. */
  commits: CommitSummary[];
  /** How many commits the range holds in all. */
  total: number;
}

export interface CommitHistory {
  /** base...head; throws when either is unknown to the repository. */
  commitsBetween(base: string, head: string, limit: number): Promise<CommitRange>;
}

/** Commits listed per flow in the summary and outputs. */
export const COMMITS_SHOWN = 20;

/** `{server}/{repo}/compare/{from}...{to}`; null without both ends or when they are the same commit. */
export function compareUrl(
  serverUrl: string,
  repository: string,
  from: string | null,
  to: string | null,
): string | null {
  if (!from || !to || !repository || from === to) return null;
  return `${serverUrl.replace(/\/+$/, '')}/${repository}/compare/${from}...${to}`;
}
