// Posts the plan comment, or edits the one an earlier push posted (found by its marker among
// every comment of the pull request), so a pull request holds one plan per environment.
import {
  CommentPermissionError,
  type IssueComment,
  type PullRequestComments,
} from '../github/pull-request-comments.js';

export type PlanCommentResult =
  { status: 'created' | 'updated'; comment: IssueComment } | { status: 'not-permitted'; reason: string };

export async function upsertPlanComment(
  comments: PullRequestComments,
  pullNumber: number,
  marker: string,
  body: string,
): Promise<PlanCommentResult> {
  try {
    // Ours start with the marker; a person's comment that merely contains it (pasted) is theirs.
    const existing = (await comments.list(pullNumber)).find((comment) => comment.body.startsWith(marker));
    if (existing) return { status: 'updated', comment: await comments.update(existing.id, body) };
    return { status: 'created', comment: await comments.create(pullNumber, body) };
  } catch (error) {
    if (error instanceof CommentPermissionError) return { status: 'not-permitted', reason: error.message };
    throw error;
  }
}
