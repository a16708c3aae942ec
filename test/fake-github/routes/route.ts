// A route of the fake GitHub API: a method, a path pattern with `{name}` segments, the permission
// a workflow token needs for it, and the handler.

import type { Reply } from '../http.js';
import type { FakeGitHubState, RepositoryRecord } from '../state.js';

export type Permission = 'contents' | 'pull_requests' | 'deployments' | 'metadata';

export interface RouteRequest {
  method: string;
  params: Record<string, string>;
  url: URL;
  body: unknown;
  repository: RepositoryRecord;
  state: FakeGitHubState;
  /** The login the token acts as (`github-actions[bot]` for a workflow token). */
  login: string;
  /** The API's own base URL, for `url` fields. */
  apiUrl: string;
}

export interface Route {
  method: string;
  /** Relative to `/repos/{owner}/{repo}`, e.g. `/issues/{number}/comments`. */
  template: string;
  /** The permission a token needs: read for GET, write otherwise. */
  permission: Permission;
  handler: (request: RouteRequest) => Reply;
}
