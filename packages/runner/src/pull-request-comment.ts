// Pull-request comments over GitHub's REST API (Octokit at GITHUB_API_URL): the runner's side of
// core's PullRequestComments port. A 403 (or a 404 a read-only token can get) becomes a
// CommentPermissionError, so the deploy can keep its plan in the job summary and carry on.
import { CommentPermissionError, type IssueComment, type PullRequestComments } from '@portal-actions/core';
import type { GitHubApi } from './github-api.js';

interface RestComment {
  id: number;
  body?: string | null;
  html_url: string;
}

const toComment = (comment: RestComment): IssueComment => ({
  id: comment.id,
  body: comment.body ?? '',
  url: comment.html_url,
});

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

async function permitted<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = statusOf(error);
    if (status === 403 || status === 401) {
      throw new CommentPermissionError(
        `GitHub refused to ${what} (${status}: ${(error as Error).message}). The token needs \`pull-requests: write\`; a pull request from a fork only ever gets a read-only token.`,
        status,
      );
    }
    throw error;
  }
}

export class GitHubPullRequestComments implements PullRequestComments {
  constructor(
    private readonly api: GitHubApi,
    private readonly repository: { owner: string; repo: string },
  ) {}

  list(pullNumber: number): Promise<IssueComment[]> {
    return permitted('list the pull request comments', async () => {
      const all = await this.api.paginate(this.api.rest.issues.listComments, {
        ...this.repository,
        issue_number: pullNumber,
        per_page: 100,
      });
      return all.map(toComment);
    });
  }

  create(pullNumber: number, body: string): Promise<IssueComment> {
    return permitted('comment on the pull request', async () => {
      const { data } = await this.api.rest.issues.createComment({
        ...this.repository,
        issue_number: pullNumber,
        body,
      });
      return toComment(data);
    });
  }

  update(commentId: number, body: string): Promise<IssueComment> {
    return permitted('edit the plan comment', async () => {
      const { data } = await this.api.rest.issues.updateComment({
        ...this.repository,
        comment_id: commentId,
        body,
      });
      return toComment(data);
    });
  }
}

/** `owner/name` as Octokit's parameters. */
export function repositoryParams(fullName: string): { owner: string; repo: string } {
  const [owner = '', repo = ''] = fullName.split('/');
  return { owner, repo };
}
