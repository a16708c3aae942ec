// Pull-request (issue) comments: list (paginated, oldest first), create, update, delete, as the
// plan comment uses them.

import { notFound, paginated, timestamp, validationFailed } from '../http.js';
import { nextId, type CommentRecord, type RepositoryRecord } from '../state.js';
import type { Route, RouteRequest } from './route.js';

function commentBody(repository: RepositoryRecord, comment: CommentRecord, apiUrl: string) {
  const repo = `${repository.owner}/${repository.name}`;
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${apiUrl}/repos/${repo}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${repo}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${apiUrl}/repos/${repo}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: comment.user,
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: 'NONE',
  };
}

function bodyText(request: RouteRequest): string {
  const body = (request.body ?? {}) as { body?: unknown };
  if (typeof body.body !== 'string' || body.body === '') throw validationFailed('body', 'missing_field');
  if (body.body.length > 65536) {
    throw validationFailed('body', 'custom', 'body is too long (maximum is 65536 characters)');
  }
  return body.body;
}

function findComment(request: RouteRequest): CommentRecord {
  const id = Number(request.params['id']);
  const comment = request.repository.comments.find((each) => each.id === id);
  if (!comment) throw notFound();
  return comment;
}

export const issueCommentRoutes: Route[] = [
  {
    method: 'GET',
    template: '/issues/{number}/comments',
    permission: 'pull_requests',
    handler: ({ repository, params, url, apiUrl }) =>
      paginated(
        repository.comments
          .filter((comment) => comment.issueNumber === Number(params['number']))
          .map((comment) => commentBody(repository, comment, apiUrl)),
        url,
      ),
  },
  {
    method: 'POST',
    template: '/issues/{number}/comments',
    permission: 'pull_requests',
    handler: (request) => {
      const now = timestamp();
      const comment: CommentRecord = {
        id: nextId(request.state),
        issueNumber: Number(request.params['number']),
        body: bodyText(request),
        user: { login: request.login, type: 'Bot' },
        created_at: now,
        updated_at: now,
      };
      request.repository.comments.push(comment);
      return { status: 201, body: commentBody(request.repository, comment, request.apiUrl) };
    },
  },
  {
    method: 'GET',
    template: '/issues/comments/{id}',
    permission: 'pull_requests',
    handler: (request) => ({
      status: 200,
      body: commentBody(request.repository, findComment(request), request.apiUrl),
    }),
  },
  {
    method: 'PATCH',
    template: '/issues/comments/{id}',
    permission: 'pull_requests',
    handler: (request) => {
      const comment = findComment(request);
      comment.body = bodyText(request);
      comment.updated_at = timestamp();
      return { status: 200, body: commentBody(request.repository, comment, request.apiUrl) };
    },
  },
  {
    method: 'DELETE',
    template: '/issues/comments/{id}',
    permission: 'pull_requests',
    handler: (request) => {
      const comment = findComment(request);
      request.repository.comments.splice(request.repository.comments.indexOf(comment), 1);
      return { status: 204 };
    },
  },
];
