// GitHub deployment records over Octokit (core's DeploymentRecorder port), and the inputs and
// best-effort flow deploy and promote use: a failure to record is a warning, never a failed step.
import {
  describeError,
  type DeploymentRecorder,
  type DeploymentRecordRequest,
  type DeploymentRecordStatus,
  type Progress,
} from '@portal-actions/core';
import { z } from 'zod';
import { booleanInput } from './action-inputs.js';
import { openGitHubApi, type GitHubApi } from './github-api.js';

export const GITHUB_RECORD_INPUT_NAMES = ['github-token', 'github-deployments'] as const;

export const githubRecordInputFields = {
  'github-token': z.string().trim(),
  'github-deployments': booleanInput,
};

export class OctokitDeploymentRecorder implements DeploymentRecorder {
  constructor(
    private readonly github: GitHubApi,
    private readonly repository: string,
  ) {}

  async create(request: DeploymentRecordRequest): Promise<number> {
    const [owner, repo] = this.repository.split('/');
    const { data } = await this.github.request('POST /repos/{owner}/{repo}/deployments', {
      owner: owner!,
      repo: repo!,
      ref: request.ref,
      environment: request.environment,
      description: request.description,
      payload: { deployments: request.deployments },
      // The commit was tested and built already: no merge of the default branch, no status checks.
      auto_merge: false,
      required_contexts: [],
      transient_environment: false,
    });
    return (data as { id: number }).id;
  }

  async setStatus(recordId: number, status: DeploymentRecordStatus): Promise<void> {
    const [owner, repo] = this.repository.split('/');
    await this.github.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
      owner: owner!,
      repo: repo!,
      deployment_id: recordId,
      state: status.state,
      description: status.description.slice(0, 140),
      ...(status.environmentUrl ? { environment_url: status.environmentUrl } : {}),
      ...(status.logUrl ? { log_url: status.logUrl } : {}),
    });
  }
}

/** One recorded GitHub deployment, finished later; every call only warns when GitHub refuses. */
export class DeploymentRecord {
  private constructor(
    private readonly recorder: DeploymentRecorder,
    private readonly id: number | null,
    private readonly urls: { environmentUrl: string | null; logUrl: string | null },
    private readonly progress: Progress,
    private readonly label: string,
  ) {}

  /** Creates the record and its in_progress status; a record that could not be made is inert. */
  static async start(
    recorder: DeploymentRecorder,
    request: DeploymentRecordRequest,
    urls: { environmentUrl: string | null; logUrl: string | null },
    progress: Progress,
  ): Promise<DeploymentRecord> {
    const label = `GitHub deployment for ${request.environment} at ${request.ref.slice(0, 12)}`;
    let id: number | null = null;
    try {
      id = await recorder.create(request);
      await recorder.setStatus(id, { state: 'in_progress', description: request.description, ...urls });
      progress.info(`Recorded ${label} (id ${id})`);
    } catch (error) {
      progress.warning(`Could not record the ${label}: ${describeGitHubError(error)}`);
    }
    return new DeploymentRecord(recorder, id, urls, progress, label);
  }

  async finish(success: boolean, description: string): Promise<void> {
    if (this.id === null) return;
    try {
      await this.recorder.setStatus(this.id, {
        state: success ? 'success' : 'failure',
        description,
        ...this.urls,
      });
    } catch (error) {
      this.progress.warning(`Could not set the status of the ${this.label}: ${describeGitHubError(error)}`);
    }
  }
}

/** GitHub's own words, and what to do about the usual 403. */
export function describeGitHubError(error: unknown): string {
  const status = (error as { status?: number }).status;
  const text = describeError(error);
  if (status === 403)
    return `${text} (the token needs \`deployments: write\`: add it to the job's \`permissions\`)`;
  return text;
}

/** The recorder for this run, or null when records are off or there is no token or repository. */
export function deploymentRecorder(
  inputs: { 'github-token': string; 'github-deployments': boolean },
  repository: string,
  env: NodeJS.ProcessEnv,
  progress: Progress,
): DeploymentRecorder | null {
  if (!inputs['github-deployments']) return null;
  if (!inputs['github-token'] || !repository) {
    progress.warning(
      'github-deployments is true but there is no github-token or repository: no GitHub deployment is recorded.',
    );
    return null;
  }
  return new OctokitDeploymentRecorder(openGitHubApi(inputs['github-token'], env), repository);
}
