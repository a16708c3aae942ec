// Calls the three actions the way their entries do, with typed inputs: every input at its
// action.yml default unless a scenario says otherwise, a push run on the scenario's branch, and a
// Progress that records what the job log would show.
import type { PrefectClientOptions, Progress, SourceLocation } from '@portal-actions/core';
import type { RepositoryBranches } from '@portal-actions/core';
import type { GitHubRun, SmokeTiming } from '@portal-actions/runner';
import { runCleanup } from '../../actions/cleanup/src/cleanup.js';
import type { CleanupInputs } from '../../actions/cleanup/src/inputs.js';
import { runDeploy } from '../../actions/deploy/src/deploy.js';
import { deployInputsWith, type DeployInputs } from '../../actions/deploy/src/inputs.js';
import { reviewDeployPlan } from '../../actions/deploy/src/plan-review.js';
import { runFindFlows } from '../../actions/find-flows/src/find-flows.js';
import type { FindFlowsInputs } from '../../actions/find-flows/src/inputs.js';
import { runPromote } from '../../actions/promote/src/promote.js';
import type { PromoteInputs } from '../../actions/promote/src/inputs.js';
import { copyExamples, EXAMPLE_CONFIG, type ExampleProject } from './example-project.js';
import { onRealServer, randomCommit, uniqueBranch } from './prefect-under-test.js';

/**
 * Retries that never wait on the fake (the client's backoff and Retry-After pauses go through
 * `sleep`); on a real server the client's own backoff, which a busy SQLite database needs.
 */
export const NO_WAIT_RETRIES: Partial<PrefectClientOptions> = onRealServer
  ? {}
  : { sleep: () => Promise.resolve(), retryBaseDelayMs: 1 };

export interface RecordedProgress extends Progress {
  infos: string[];
  warnings: { message: string; location?: SourceLocation }[];
}

export function recordingProgress(): RecordedProgress {
  const infos: string[] = [];
  const warnings: RecordedProgress['warnings'] = [];
  return {
    infos,
    warnings,
    info: (message) => infos.push(message),
    warning: (message, location) => warnings.push(location ? { message, location } : { message }),
    debug: () => undefined,
  };
}

/** The scenario's run: a push of its commit to its branch, unless it says otherwise. */
export function githubRun(scenario: Scenario): GitHubRun {
  return {
    eventName: 'push',
    payload: {},
    sha: scenario.commit,
    ref: `refs/heads/${scenario.branch}`,
    repository: 'acme/portal-actions',
    serverUrl: 'https://github.com',
    runUrl: null,
    workspace: scenario.project.workspace,
    ...scenario.github,
  };
}

/** What every scenario's run shares: the checkout, the run, the server. */
export interface Scenario {
  project: ExampleProject;
  branch: string;
  commit: string;
  url: string;
  /** Another event than a push of `commit` to `branch` (a workflow_run, say). */
  github?: Partial<GitHubRun>;
}

export function deploy(
  scenario: Scenario,
  inputs: Partial<DeployInputs> = {},
  progress: Progress = recordingProgress(),
  env: NodeJS.ProcessEnv = {},
  smokeTiming: SmokeTiming = {},
) {
  const all = deployInputs(scenario, inputs);
  return runDeploy(all, githubRun(scenario), env, progress, NO_WAIT_RETRIES, smokeTiming);
}

function deployInputs(scenario: Scenario, inputs: Partial<DeployInputs>): DeployInputs {
  return deployInputsWith({ config: EXAMPLE_CONFIG, 'prefect-api-url': scenario.url, ...inputs });
}

/** Deploy as the entry runs it: the deploy, then the plan comment and the drift view of its plan. */
export async function reviewedDeploy(
  scenario: Scenario,
  inputs: Partial<DeployInputs> = {},
  env: NodeJS.ProcessEnv = {},
  progress: RecordedProgress = recordingProgress(),
) {
  const all = deployInputs(scenario, inputs);
  const run = await runDeploy(all, githubRun(scenario), env, progress, NO_WAIT_RETRIES);
  const review = await reviewDeployPlan(run, all, githubRun(scenario), env, progress);
  return { ...run, review, progress };
}

export function promote(
  scenario: Scenario,
  inputs: Partial<PromoteInputs> & Pick<PromoteInputs, 'source-env' | 'target-env'>,
  progress: Progress = recordingProgress(),
  env: NodeJS.ProcessEnv = {},
  smokeTiming: SmokeTiming = {},
) {
  const all: PromoteInputs = {
    flows: 'all',
    'project-name': '',
    branch: '',
    config: EXAMPLE_CONFIG,
    'env-vars': '',
    'env-vars-command': '',
    'expected-commit': '',
    'allow-backwards': false,
    'dry-run': false,
    concurrency: 8,
    'require-successful-run': false,
    'smoke-flows': 'none',
    'smoke-parameters': {},
    'smoke-timeout': 600_000,
    'github-token': '',
    'github-deployments': false,
    'prefect-api-url': scenario.url,
    'prefect-api-key': '',
    'prefect-auth-string': '',
    'prefect-custom-headers': {},
    'source-prefect-api-url': '',
    'source-prefect-api-key': '',
    'source-prefect-auth-string': '',
    ...inputs,
  };
  return runPromote(all, githubRun(scenario), env, progress, NO_WAIT_RETRIES, smokeTiming);
}

/** The cleanup action on the scenario's checkout, branches listed through `branches` when sweeping. */
export function cleanup(
  scenario: Scenario,
  inputs: Partial<CleanupInputs>,
  branches: RepositoryBranches | null = null,
  progress: Progress = recordingProgress(),
  env: NodeJS.ProcessEnv = {},
) {
  const all: CleanupInputs = {
    branch: [],
    deployments: [],
    envs: 'all',
    'stale-branches': false,
    'keep-branches': [],
    'project-name': '',
    config: EXAMPLE_CONFIG,
    'max-deletes': 50,
    'dry-run': false,
    'github-token': '',
    'prefect-api-url': scenario.url,
    'prefect-api-key': '',
    'prefect-auth-string': '',
    'prefect-custom-headers': {},
    ...inputs,
  };
  const run = githubRun(scenario);
  return runCleanup(
    all,
    { repository: run.repository, workspace: run.workspace, branches },
    env,
    progress,
    NO_WAIT_RETRIES,
  );
}

export function findFlows(
  scenario: Scenario,
  inputs: Partial<FindFlowsInputs> = {},
  env: NodeJS.ProcessEnv = {},
  progress: Progress = recordingProgress(),
) {
  const all: FindFlowsInputs = {
    root: '',
    config: EXAMPLE_CONFIG,
    exclude: [],
    flows: 'all',
    'with-deployments': false,
    'project-name': '',
    branch: '',
    'prefect-api-url': scenario.url,
    'prefect-api-key': '',
    'prefect-auth-string': '',
    'prefect-custom-headers': {},
    ...inputs,
  };
  return runFindFlows(all, githubRun(scenario), env, progress, NO_WAIT_RETRIES);
}

/** Awaits a run that must fail and returns its error (jest's `rejects` loses the instance). */
export async function failureOf(run: Promise<unknown>): Promise<Error> {
  try {
    await run;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error('expected the run to fail, but it succeeded');
}

/** The project name the examples' config gives. */
export const EXAMPLE_PROJECT = 'acme-example';

/** A scenario of its own: a fresh copy of examples/, a unique branch and a new commit. */
export function newScenario(url: string, name: string, project: ExampleProject = copyExamples()): Scenario {
  return { project, branch: uniqueBranch(name), commit: randomCommit(), url };
}

/** `{project}--{branch}--{hyphen-flow}--{env}`, written out by hand as the seed states it. */
export function expectedName(branch: string, flow: string, env: string, project = EXAMPLE_PROJECT): string {
  return `${project}--${branch}--${flow.replace(/_/g, '-')}--${env}`;
}

/** A clock for smoke runs that never waits: each sleep moves time forward by what was asked. */
export function scriptedClock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}
