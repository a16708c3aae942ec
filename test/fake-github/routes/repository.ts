// Repository, branches and compare: what cleanup (stale branches) and promote (commits between two
// versions) read.

import { failure, notFound, paginated, timestamp } from '../http.js';
import type { CommitRecord, RepositoryRecord } from '../state.js';
import type { Route } from './route.js';

function repositoryBody(repository: RepositoryRecord, apiUrl: string) {
  return {
    id: repository.id,
    name: repository.name,
    full_name: `${repository.owner}/${repository.name}`,
    owner: { login: repository.owner },
    private: false,
    default_branch: repository.defaultBranch,
    html_url: `https://github.com/${repository.owner}/${repository.name}`,
    url: `${apiUrl}/repos/${repository.owner}/${repository.name}`,
  };
}

function branchBody(repository: RepositoryRecord, name: string, sha: string, apiUrl: string) {
  return {
    name,
    commit: { sha, url: `${apiUrl}/repos/${repository.owner}/${repository.name}/commits/${sha}` },
    protected: name === repository.defaultBranch,
  };
}

function commitBody(repository: RepositoryRecord, commit: CommitRecord, apiUrl: string) {
  return {
    sha: commit.sha,
    html_url: `https://github.com/${repository.owner}/${repository.name}/commit/${commit.sha}`,
    url: `${apiUrl}/repos/${repository.owner}/${repository.name}/commits/${commit.sha}`,
    commit: {
      message: commit.message,
      author: { name: commit.author.name, email: commit.author.email, date: commit.author.date },
      committer: { name: commit.author.name, email: commit.author.email, date: commit.author.date },
    },
    author: commit.author.login ? { login: commit.author.login } : null,
    parents: commit.parents.map((sha) => ({ sha })),
  };
}

/** A branch name or a (possibly abbreviated, at least 7 characters) commit sha. */
function resolveRef(repository: RepositoryRecord, ref: string): CommitRecord | undefined {
  const sha = repository.branches.get(ref) ?? ref;
  const exact = repository.commits.get(sha);
  if (exact) return exact;
  if (sha.length < 7) return undefined;
  for (const commit of repository.commits.values()) if (commit.sha.startsWith(sha)) return commit;
  return undefined;
}

/** Commits reachable from `head` along first parents, newest first (the fake's history is linear). */
function firstParentChain(repository: RepositoryRecord, head: CommitRecord): CommitRecord[] {
  const chain: CommitRecord[] = [];
  let current: CommitRecord | undefined = head;
  while (current && chain.length < 10000) {
    chain.push(current);
    current = current.parents[0] ? repository.commits.get(current.parents[0]) : undefined;
  }
  return chain;
}

export const repositoryRoutes: Route[] = [
  {
    method: 'GET',
    template: '',
    permission: 'metadata',
    handler: ({ repository, apiUrl }) => ({ status: 200, body: repositoryBody(repository, apiUrl) }),
  },
  {
    method: 'GET',
    template: '/branches',
    permission: 'contents',
    handler: ({ repository, url, apiUrl }) =>
      paginated(
        [...repository.branches.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([name, sha]) => branchBody(repository, name, sha, apiUrl)),
        url,
      ),
  },
  {
    method: 'GET',
    template: '/branches/{branch}',
    permission: 'contents',
    handler: ({ repository, params, apiUrl }) => {
      const sha = repository.branches.get(params['branch']!);
      if (sha === undefined) throw failure(404, 'Branch not found');
      return { status: 200, body: branchBody(repository, params['branch']!, sha, apiUrl) };
    },
  },
  {
    method: 'GET',
    template: '/compare/{basehead}',
    permission: 'contents',
    handler: ({ repository, params, url, apiUrl }) => {
      const match = /^(.+?)\.\.\.(.+)$/.exec(params['basehead']!);
      if (!match) throw notFound();
      const base = resolveRef(repository, match[1]!);
      const head = resolveRef(repository, match[2]!);
      if (!base || !head) throw notFound();
      const headChain = firstParentChain(repository, head);
      const baseChain = firstParentChain(repository, base);
      const baseShas = new Set(baseChain.map((commit) => commit.sha));
      const mergeBase = headChain.find((commit) => baseShas.has(commit.sha));
      const ahead = headChain.slice(0, mergeBase ? headChain.indexOf(mergeBase) : headChain.length);
      const behind = baseChain.slice(0, mergeBase ? baseChain.indexOf(mergeBase) : baseChain.length);
      const status =
        ahead.length === 0 && behind.length === 0
          ? 'identical'
          : behind.length === 0
            ? 'ahead'
            : ahead.length === 0
              ? 'behind'
              : 'diverged';
      // GitHub lists the commits oldest first and pages them with per_page/page (250 by default).
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 250) || 250, 250);
      const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
      const commits = ahead
        .slice()
        .reverse()
        .slice((page - 1) * perPage, page * perPage)
        .map((commit) => commitBody(repository, commit, apiUrl));
      return {
        status: 200,
        body: {
          url: `${apiUrl}/repos/${repository.owner}/${repository.name}/compare/${params['basehead']}`,
          html_url: `https://github.com/${repository.owner}/${repository.name}/compare/${params['basehead']}`,
          status,
          ahead_by: ahead.length,
          behind_by: behind.length,
          total_commits: ahead.length,
          base_commit: commitBody(repository, base, apiUrl),
          merge_base_commit: mergeBase ? commitBody(repository, mergeBase, apiUrl) : null,
          commits,
          files: [],
          generated_at: timestamp(),
        },
      };
    },
  },
];
