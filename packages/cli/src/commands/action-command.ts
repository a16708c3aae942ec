// What a subcommand is: one action run from the command line. Its flags come from the action's
// manifest (generated), its parse is the action's own zod schema, its run the action's run function.
import type { Progress } from '@portal-actions/core';
import type { GitHubRun, InputNaming } from '@portal-actions/runner';
import type { ActionManifest } from '../action-manifest.js';

/** Which machine facts a command needs from git (a flag can give each instead). */
export interface FactNeeds {
  /** The branch: `--branch`, else the checked-out branch (a detached HEAD is an error). */
  branch: boolean;
  /** The commit: `--commit-sha`, else HEAD. */
  commit: boolean;
}

/** What a command hands back to be printed: the job summary's Markdown, the outputs, the failures. */
export interface CommandResult {
  /** The job summary the action writes, rendered for the terminal by the CLI. */
  summary: string;
  /** The action's outputs by name, JSON values (arrays, objects, numbers) rather than strings. */
  outputs: Record<string, unknown>;
  /** How many deployments failed while the others were written (exit code 1 when > 0). */
  failed: number;
  /** Failures beyond failed deployments, each a whole message: smoke runs, drift (exit code 1). */
  problems?: string[];
  /** A dry run: nothing was written, the failures are of the plan. */
  dryRun?: boolean;
}

export interface RunEnvironment {
  github: GitHubRun;
  env: NodeJS.ProcessEnv;
  progress: Progress;
}

export interface ActionCommand<Inputs = unknown> {
  /** The subcommand and the folder of its action.yml. */
  name: string;
  /**
   * A command of the CLI alone (`init`: it writes files, no action does that) carries its own
   * manifest; the others' come from their action.yml, generated.
   */
  manifest?: ActionManifest;
  facts: FactNeeds;
  /**
   * acme-portal-sdk's `aps-prefect-deploy` flag names this command accepts as well, each mapped
   * onto the input of the same meaning (`branch-name` -> `branch`).
   */
  aliases: Record<string, string>;
  /** Outputs of the manifest that `--json` leaves out, each with the reason. */
  omittedOutputs?: Record<string, string>;
  /** The action's parse of raw input strings (its zod schema), with the CLI's naming. */
  parse(raw: Record<string, string>, naming: InputNaming): Inputs;
  run(inputs: Inputs, environment: RunEnvironment): Promise<CommandResult>;
}

/** Keeps each command's Inputs type while the registry holds them side by side. */
export function actionCommand<Inputs>(command: ActionCommand<Inputs>): ActionCommand {
  return command as unknown as ActionCommand;
}
