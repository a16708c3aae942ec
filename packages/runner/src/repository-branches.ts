// The repository's branches over GitHub's REST API (every page): the runner's side of core's
// RepositoryBranches port, used by cleanup's stale-branch sweep.
import type { RepositoryBranches } from '@portal-actions/core';
import type { GitHubApi } from './github-api.js';

export class GitHubRepositoryBranches implements RepositoryBranches {
  constructor(
    private readonly api: GitHubApi,
    private readonly repository: { owner: string; repo: string },
  ) {}

  async listBranches(): Promise<string[]> {
    const branches = await this.api.paginate(this.api.rest.repos.listBranches, {
      ...this.repository,
      per_page: 100,
    });
    return branches.map((branch) => branch.name);
  }

  async defaultBranch(): Promise<string> {
    const { data } = await this.api.rest.repos.get(this.repository);
    return data.default_branch;
  }
}
