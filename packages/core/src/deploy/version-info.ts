// The `version_info` Prefect 3.4+ shows on a deployment: what Prefect's SDK infers in GitHub
// Actions (`_internal/versioning.py`, get_github_version_info), built from the run's facts.

import type { VersionInfo } from '../model/deployment.js';

export interface VersionInfoFacts {
  /** Full commit SHA. */
  commit: string;
  branch: string;
  /** `owner/name`; empty when the run does not know it. */
  repository: string;
  /** `https://github.com` (GITHUB_SERVER_URL). */
  serverUrl: string;
}

/**
 * `{type: "vcs:github", version: <8-character commit>, commit_sha, branch, repository, url}` as the
 * SDK sends from a GitHub Actions run (`url` = the tree at the commit). The SDK adds the commit
 * message from `git log`; a runner without the history has none, so it is left out. Null when the
 * repository or commit is unknown (the SDK then sends nothing either).
 */
export function githubVersionInfo(facts: VersionInfoFacts): VersionInfo | null {
  const repository = facts.repository.trim();
  if (!repository.includes('/') || facts.commit === '' || facts.branch === '') return null;
  const server = facts.serverUrl.trim().replace(/\/+$/, '') || 'https://github.com';
  return {
    type: 'vcs:github',
    version: facts.commit.slice(0, 8),
    commit_sha: facts.commit,
    branch: facts.branch,
    repository,
    url: `${server}/${repository}/tree/${facts.commit}`,
  };
}
