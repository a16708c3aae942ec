// The pull-request comments the plan comment needs, as a port: the runner implements it over
// GitHub's REST API (Octokit); core only decides what the comment says and which one it is.

export interface IssueComment {
  id: number;
  body: string;
  /** Where a person opens it. */
  url: string;
}

export interface PullRequestComments {
  /** Every comment of the pull request, oldest first, all pages. */
  list(pullNumber: number): Promise<IssueComment[]>;
  create(pullNumber: number, body: string): Promise<IssueComment>;
  update(commentId: number, body: string): Promise<IssueComment>;
}

/**
 * The token may not write comments (a fork's pull request gets a read-only token, a workflow may
 * lack `pull-requests: write`): not the deploy's failure, so it is a result, not a thrown error.
 */
export class CommentPermissionError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CommentPermissionError';
  }
}
