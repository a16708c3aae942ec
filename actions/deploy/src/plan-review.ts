// What deploy does with its plan besides applying it: posts it on the pull request (the plan
// comment) and reads it as drift. Neither can fail the deploy by itself; drift fails the step
// only when `fail-on-drift` asks, and the entry does that after writing the summary.
import {
  findDrift,
  planCommentBody,
  planCommentMarker,
  upsertPlanComment,
  type DriftedDeployment,
  type PlanCommentResult,
  type Progress,
} from '@portal-actions/core';
import {
  GitHubPullRequestComments,
  openGitHubApi,
  repositoryParams,
  type GitHubRun,
} from '@portal-actions/runner';
import type { DeployRun } from './deploy.js';
import type { DeployInputs } from './inputs.js';

export type CommentOutcome = PlanCommentResult | { status: 'skipped' | 'failed'; reason: string };

export interface PlanReview {
  comment: CommentOutcome;
  /** Filled when `fail-on-drift` is on; empty otherwise. */
  drift: DriftedDeployment[];
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);

function pullNumberOf(github: GitHubRun): number | null {
  const payload = github.payload as { pull_request?: { number?: unknown }; number?: unknown };
  const number = payload.pull_request?.number ?? payload.number;
  return typeof number === 'number' && Number.isInteger(number) ? number : null;
}

function commentWanted(inputs: DeployInputs, github: GitHubRun): boolean {
  if (inputs.comment === 'auto') return inputs['dry-run'] && PULL_REQUEST_EVENTS.has(github.eventName);
  return inputs.comment === 'true';
}

async function postPlanComment(
  { result, context }: DeployRun,
  inputs: DeployInputs,
  github: GitHubRun,
  env: NodeJS.ProcessEnv,
): Promise<CommentOutcome> {
  if (!commentWanted(inputs, github)) return { status: 'skipped', reason: 'not asked for' };
  const pullNumber = pullNumberOf(github);
  if (pullNumber === null) {
    return { status: 'skipped', reason: `the ${github.eventName || 'unknown'} event has no pull request` };
  }
  if (!inputs['github-token']) return { status: 'skipped', reason: 'the `github-token` input is empty' };
  const urls = new Map(result.outcomes.map((outcome) => [outcome.name, outcome.url]));
  const body = planCommentBody(result.plan, {
    project: context.project,
    env: inputs.env,
    configFile: inputs.config,
    branch: context.branch,
    commit: context.commit,
    runUrl: github.runUrl,
    urlOf: (item) => urls.get(item.name) ?? null,
  });
  const comments = new GitHubPullRequestComments(
    openGitHubApi(inputs['github-token'], env),
    repositoryParams(github.repository),
  );
  return upsertPlanComment(comments, pullNumber, planCommentMarker(inputs.env, inputs.config), body);
}

export async function reviewDeployPlan(
  run: DeployRun,
  inputs: DeployInputs,
  github: GitHubRun,
  env: NodeJS.ProcessEnv,
  progress: Progress,
): Promise<PlanReview> {
  let comment: CommentOutcome;
  try {
    comment = await postPlanComment(run, inputs, github, env);
  } catch (error) {
    // The plan is in the job summary either way: a comment GitHub would not take is a warning.
    comment = {
      status: 'failed',
      reason: `GitHub did not take the plan comment: ${(error as Error).message}`,
    };
  }
  switch (comment.status) {
    case 'created':
    case 'updated':
      progress.info(`Plan comment ${comment.status}: ${comment.comment.url}`);
      break;
    case 'not-permitted':
    case 'failed':
      progress.warning(
        `The plan was not posted on the pull request; it is in the job summary. ${comment.reason}`,
      );
      break;
    case 'skipped':
      if (inputs.comment === 'true') progress.warning(`No plan comment: ${comment.reason}.`);
      break;
  }
  return { comment, drift: inputs['fail-on-drift'] ? findDrift(run.result.plan) : [] };
}
