// Which branch and commit a GitHub Actions event is about. Under workflow_run that is the run
// that finished (the built commit), not the default branch's head the workflow runs on.

/** The parts of `github.context` the run context reads; the action passes them in. */
export interface GitHubEvent {
  eventName: string;
  payload: Record<string, unknown>;
  /** GITHUB_SHA. */
  sha: string;
  /** GITHUB_REF, e.g. `refs/heads/main`, `refs/tags/v1.2.0`, `refs/pull/7/merge`. */
  ref: string;
  /** GITHUB_REF_NAME. */
  refName?: string;
  /** GITHUB_HEAD_REF (pull requests only). */
  headRef?: string;
}

export interface EventValue {
  value: string;
  /** Where it came from, as a workflow expression names it: `github.event.workflow_run.head_branch`. */
  from: string;
}

export interface EventCommit {
  branch: EventValue | null;
  commit: EventValue | null;
}

function field(payload: unknown, path: string[]): string | null {
  let current: unknown = payload;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return null;
    current = (current as Record<string, unknown>)[key];
  }
  return typeof current === 'string' && current !== '' ? current : null;
}

function fromPayload(event: GitHubEvent, path: string[]): EventValue | null {
  const value = field(event.payload, path);
  return value === null ? null : { value, from: `github.event.${path.join('.')}` };
}

/**
 * The branch named by a ref. A tag push deploys under the tag's name (`v1.2.0`): the
 * deployment name then says which release it runs; give the `branch` input to deploy a tag
 * as, say, `main` (acme-portal-sdk's workflow did that).
 */
function fromRef(event: GitHubEvent): EventValue | null {
  for (const prefix of ['refs/heads/', 'refs/tags/']) {
    if (event.ref.startsWith(prefix) && event.ref.length > prefix.length) {
      return { value: event.ref.slice(prefix.length), from: 'github.ref' };
    }
  }
  // refs/pull/7/merge and the like name no branch; a pull request's head does.
  if (event.headRef) return { value: event.headRef, from: 'github.head_ref' };
  if (event.refName && !event.ref.startsWith('refs/pull/'))
    return { value: event.refName, from: 'github.ref_name' };
  return null;
}

export function commitFromEvent(event: GitHubEvent): EventCommit {
  const sha: EventValue | null = event.sha ? { value: event.sha, from: 'github.sha' } : null;
  switch (event.eventName) {
    case 'workflow_run':
      return {
        branch: fromPayload(event, ['workflow_run', 'head_branch']),
        commit: fromPayload(event, ['workflow_run', 'head_sha']),
      };
    case 'pull_request':
    case 'pull_request_target':
      return {
        branch: fromPayload(event, ['pull_request', 'head', 'ref']),
        commit: fromPayload(event, ['pull_request', 'head', 'sha']),
      };
    default:
      return { branch: fromRef(event), commit: sha };
  }
}
