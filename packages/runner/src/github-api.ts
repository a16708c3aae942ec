// The GitHub REST client the actions share: Octokit from @actions/github, pointed at GITHUB_API_URL
// (read when the client is made, so GitHub Enterprise and the tests' fake GitHub both work).
import { getOctokit } from '@actions/github';

export type GitHubApi = ReturnType<typeof getOctokit>;

/** The API base URL: GITHUB_API_URL, else github.com's. */
export function gitHubApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
}

/** An Octokit for `token` against this run's API. */
export function openGitHubApi(token: string, env: NodeJS.ProcessEnv = process.env): GitHubApi {
  return getOctokit(token, { baseUrl: gitHubApiUrl(env) });
}
