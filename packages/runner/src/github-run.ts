// The facts of the current workflow run, read from the runner's environment and event payload,
// handed to core as plain data (core never imports @actions/*); it is core's GitHubEvent and more.
import { context } from '@actions/github';

export interface GitHubRun {
  eventName: string;
  payload: Record<string, unknown>;
  sha: string;
  ref: string;
  /** GITHUB_REF_NAME. */
  refName?: string;
  /** GITHUB_HEAD_REF (pull requests only). */
  headRef?: string;
  repository: string;
  serverUrl: string;
  runUrl: string | null;
  /** The repository checkout: GITHUB_WORKSPACE, else the working directory. */
  workspace: string;
}

export function currentGitHubRun(env: NodeJS.ProcessEnv = process.env): GitHubRun {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    eventName: context.eventName ?? env.GITHUB_EVENT_NAME ?? '',
    payload: (context.payload ?? {}) as Record<string, unknown>,
    sha: context.sha ?? env.GITHUB_SHA ?? '',
    ref: context.ref ?? env.GITHUB_REF ?? '',
    ...(env.GITHUB_REF_NAME ? { refName: env.GITHUB_REF_NAME } : {}),
    ...(env.GITHUB_HEAD_REF ? { headRef: env.GITHUB_HEAD_REF } : {}),
    repository,
    serverUrl,
    runUrl:
      repository && env.GITHUB_RUN_ID ? `${serverUrl}/${repository}/actions/runs/${env.GITHUB_RUN_ID}` : null,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}
