// The fake GitHub REST API used by end-to-end tests: start it, set GITHUB_API_URL to its url, seed a
// repository, inspect its state and recorded requests, inject failures.

export { startFakeGitHub } from './server.js';
export type {
  Access,
  FakeGitHub,
  FakeGitHubOptions,
  GitHubFaultRule,
  RecordedGitHubRequest,
  RepositorySeed,
  TokenGrant,
} from './server.js';
export type {
  CommentRecord,
  CommitRecord,
  DeploymentRecord,
  DeploymentStatusRecord,
  FakeGitHubState,
  RepositoryRecord,
} from './state.js';
