// The facts of one CI run that its deployments record: project, branch, commit, package version
// and image, each from an input, the config, the event or the repository, and saying which.
import { ConfigurationError, InputError } from '../errors/portal-error.js';
import type { PortalConfig } from '../config/portal-config.js';
import { fillPlaceholders } from '../config/placeholders.js';
import { commitFromEvent, type EventCommit, type GitHubEvent } from './event-commit.js';
import { readPackageVersion } from './package-version.js';

export interface RunInputs {
  project?: string;
  branch?: string;
  commitSha?: string;
  image?: string;
  packageVersion?: string;
}

export interface RunContextInput extends GitHubEvent {
  /** `owner/name`. */
  repository: string;
  inputs: RunInputs;
  config: PortalConfig;
  repoRoot: string;
  /** The environment deployed to, for `{env}` in the image input. */
  env?: string;
  /**
   * Deploy needs a package version for the PACKAGE_VERSION tag (default true). Promote copies the
   * source's and passes false: the repository is then not read and packageVersion may be null.
   */
  requirePackageVersion?: boolean;
  /** Promote copies the source's commit and passes false: a run without one is then fine (commit ""). */
  requireCommit?: boolean;
}

export type ValueSource = 'input' | 'config' | 'event' | 'repository' | 'file' | 'none';

export interface Sourced {
  from: ValueSource;
  /** The event field or file key: `github.event.workflow_run.head_sha`, `pyproject.toml [project].version`. */
  detail?: string;
}

export interface RunContext {
  project: string;
  /** As Git names it (`feature/login`); the deployment name makes it a segment. */
  branch: string;
  /** Full commit SHA, lower case. */
  commit: string;
  /** The first 8 characters, as Prefect's version_info does in CI. */
  shortCommit: string;
  packageVersion: string | null;
  /**
   * The `image` input with placeholders filled: it overrides every image the config sets. Null
   * when not given; each flow's image then comes from the config (resolveFlowSettings).
   */
  image: string | null;
  sources: Record<'project' | 'branch' | 'commit' | 'packageVersion' | 'image', Sourced>;
}

const SHORT_COMMIT_LENGTH = 8;
const COMMIT = /^[0-9a-f]{7,64}$/;

function given(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** The project name: the input, else the config's `project`, else the repository's name. */
export function resolveProject(input: {
  inputs: Pick<RunInputs, 'project'>;
  config: Pick<PortalConfig, 'project'>;
  repository: string;
}): { project: string; source: Sourced } {
  const fromInput = given(input.inputs.project);
  if (fromInput) return { project: fromInput, source: { from: 'input' } };
  if (input.config.project) return { project: input.config.project, source: { from: 'config' } };
  const name = input.repository.split('/')[1]?.trim();
  if (!name) {
    throw new InputError(
      `Cannot tell the project name: the repository "${input.repository}" is not owner/name.`,
      {
        hint: 'Set the `project-name` input, or `project:` in the config file.',
      },
    );
  }
  return { project: name, source: { from: 'repository', detail: input.repository } };
}

function resolveCommit(input: RunContextInput, event: EventCommit): { commit: string; source: Sourced } {
  const fromInput = given(input.inputs.commitSha);
  if (fromInput) {
    const commit = fromInput.toLowerCase();
    if (!COMMIT.test(commit)) {
      throw new InputError(
        `The commit-sha input "${fromInput}" is not a commit hash (7 to 64 hex characters).`,
        {
          hint: 'Pass a commit SHA such as ${{ github.event.workflow_run.head_sha }}.',
        },
      );
    }
    return { commit, source: { from: 'input' } };
  }
  const found = event.commit;
  const commit = found?.value.toLowerCase();
  if (input.requireCommit === false && (!found || !commit || !COMMIT.test(commit))) {
    return { commit: '', source: { from: 'none' } };
  }
  if (!found || !commit || !COMMIT.test(commit) || /^0+$/.test(commit)) {
    throw new InputError(`Cannot tell which commit to deploy from the ${input.eventName} event.`, {
      hint: 'Set the `commit-sha` input.',
    });
  }
  return { commit, source: { from: 'event', detail: found.from } };
}

function resolveBranch(input: RunContextInput, event: EventCommit): { branch: string; source: Sourced } {
  const fromInput = given(input.inputs.branch);
  if (fromInput) return { branch: fromInput, source: { from: 'input' } };
  const found = event.branch;
  if (!found) {
    throw new InputError(
      `Cannot tell which branch to deploy from the ${input.eventName} event (ref "${input.ref}").`,
      {
        hint: 'Set the `branch` input.',
      },
    );
  }
  return { branch: found.value, source: { from: 'event', detail: found.from } };
}

async function resolvePackageVersion(
  input: RunContextInput,
): Promise<{ version: string | null; source: Sourced }> {
  const fromInput = given(input.inputs.packageVersion);
  if (fromInput) return { version: fromInput, source: { from: 'input' } };
  if (input.requirePackageVersion === false) return { version: null, source: { from: 'none' } };
  const found = await readPackageVersion(input.repoRoot);
  if (!found) {
    throw new ConfigurationError(
      'No package version: neither pyproject.toml ([project].version or [tool.poetry].version) nor setup.cfg ([metadata] version) states one.',
      { hint: 'Give the `package-version` input, or add a static version to pyproject.toml.' },
    );
  }
  return { version: found.version, source: { from: 'file', detail: `${found.file} ${found.key}` } };
}

/**
 * Resolves the run's facts. Inputs override everything; the branch and commit otherwise come
 * from the event: workflow_run -> the finished run's head_branch/head_sha; pull_request(_target)
 * -> the PR head's ref/sha; a push or anything else -> the ref (branch or tag name) and GITHUB_SHA.
 */
export async function resolveRunContext(input: RunContextInput): Promise<RunContext> {
  const { project, source: projectSource } = resolveProject(input);
  const event = commitFromEvent(input);
  const { branch, source: branchSource } = resolveBranch(input, event);
  const { commit, source: commitSource } = resolveCommit(input, event);
  const shortCommit = commit.slice(0, SHORT_COMMIT_LENGTH);
  const { version: packageVersion, source: versionSource } = await resolvePackageVersion(input);

  const imageInput = given(input.inputs.image);
  let image: string | null = null;
  if (imageInput) {
    try {
      image = fillPlaceholders(
        imageInput,
        {
          project,
          branch,
          commit,
          short_commit: shortCommit,
          env: input.env ?? null,
          package_version: packageVersion,
        },
        'The image input',
        { imageTag: true },
      );
    } catch (error) {
      if (error instanceof ConfigurationError)
        throw new InputError(error.message, { ...(error.hint ? { hint: error.hint } : {}) });
      throw error;
    }
  }
  return {
    project,
    branch,
    commit,
    shortCommit,
    packageVersion,
    image,
    sources: {
      project: projectSource,
      branch: branchSource,
      commit: commitSource,
      packageVersion: versionSource,
      image: image === null ? { from: 'none' } : { from: 'input' },
    },
  };
}
