// The run context: which project, branch, commit, package version and image a CI run deploys,
// and the environment variables it gives its flows. Pure: the action passes github.context in.
export {
  resolveProject,
  resolveRunContext,
  type RunContext,
  type RunContextInput,
  type RunInputs,
  type Sourced,
  type ValueSource,
} from './run-context.js';
export { commitFromEvent, type GitHubEvent, type EventCommit, type EventValue } from './event-commit.js';
export { readPackageVersion, type PackageVersion } from './package-version.js';
export { parseEnvVars } from './env-vars.js';
export { mergeEnvVars, type EnvLayer, type EnvOrigin, type MergedEnv } from './env-layers.js';
