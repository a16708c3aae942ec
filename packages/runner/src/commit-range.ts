// The commits between two versions from GitHub's compare API (Octokit), for promote's
// "what this promotion changes": core's CommitHistory port.
import type { CommitHistory, CommitRange } from '@portal-actions/core';
import type { GitHubApi } from './github-api.js';

interface CompareAnswer {
  total_commits: number;
  commits: {
    sha: string;
    commit: { message: string; author: { name?: string | null } | null };
    author: { login?: string | null } | null;
  }[];
}

export class OctokitCommitHistory implements CommitHistory {
  constructor(
    private readonly github: GitHubApi,
    private readonly repository: string,
  ) {}

  async commitsBetween(base: string, head: string, limit: number): Promise<CommitRange> {
    const [owner, repo] = this.repository.split('/');
    const { data } = await this.github.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
      owner: owner!,
      repo: repo!,
      basehead: `${base}...${head}`,
      per_page: Math.min(limit, 100),
      page: 1,
    });
    const answer = data as unknown as CompareAnswer;
    return {
      total: answer.total_commits,
      commits: answer.commits.slice(0, limit).map((commit) => ({
        sha: commit.sha,
        title: commit.commit.message.split('\n')[0] ?? '',
        author: commit.author?.login ?? commit.commit.author?.name ?? null,
      })),
    };
  }
}
