// The fake GitHub API's data: repositories with branches and a commit graph, pull-request comments,
// and deployments with their statuses, in plain maps a test can read and seed.

export interface CommitRecord {
  sha: string;
  message: string;
  author: { name: string; email: string; date: string; login?: string };
  /** Parent shas, first parent first. */
  parents: string[];
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

export interface DeploymentStatusRecord {
  id: number;
  state: string;
  description: string;
  environment: string;
  environment_url: string;
  log_url: string;
  created_at: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  transient_environment: boolean;
  production_environment: boolean;
  auto_merge: boolean;
  required_contexts: string[] | null;
  created_at: string;
  statuses: DeploymentStatusRecord[];
}

export interface RepositoryRecord {
  owner: string;
  name: string;
  id: number;
  defaultBranch: string;
  /** Branch name → head sha. */
  branches: Map<string, string>;
  commits: Map<string, CommitRecord>;
  /** Comments of every issue and pull request, in creation order. */
  comments: CommentRecord[];
  deployments: DeploymentRecord[];
}

export interface FakeGitHubState {
  repositories: Map<string, RepositoryRecord>;
  nextId: number;
}

export function emptyState(): FakeGitHubState {
  return { repositories: new Map(), nextId: 1000 };
}

export function nextId(state: FakeGitHubState): number {
  state.nextId += 1;
  return state.nextId;
}
