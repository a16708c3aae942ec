// The CLI's flags of one subcommand, derived from its action's manifest: one flag per input with
// the input's name, default and description, plus the acme-portal-sdk names that mean the same.
import type { ActionManifest } from '../action-manifest.js';

export interface FlagSpec {
  /** The input's name: `--<name>`. */
  name: string;
  /** Other names of the same flag (acme-portal-sdk's), without dashes. */
  aliases: string[];
  default: string;
  required: boolean;
  description: string;
  /** `--dry-run` alone means `true` (the input's default is `true` or `false`). */
  boolean: boolean;
  /** May be given several times; the values are joined by newlines, as a list input reads them. */
  repeatable: boolean;
}

export function flagSpecs(manifest: ActionManifest, aliases: Record<string, string>): FlagSpec[] {
  return manifest.inputs
    .filter((input) => !input.githubOnly)
    .map((input) => ({
      name: input.name,
      aliases: Object.entries(aliases)
        .filter(([, target]) => target === input.name)
        .map(([alias]) => alias),
      default: input.default,
      required: input.required,
      description: input.description,
      boolean: input.default === 'true' || input.default === 'false',
      repeatable: input.repeatable === true,
    }));
}
