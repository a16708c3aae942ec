// Turns a subcommand's arguments into the raw input strings its action's schema parses: every
// manifest input present (the manifest's default when no flag gives it), aliases resolved.
import type { ActionManifest } from '../action-manifest.js';
import { UsageError } from '../usage-error.js';
import type { FlagSpec } from './flag-specs.js';

/** The flags every subcommand has besides its inputs. */
export interface CommonFlags {
  json: boolean;
  help: boolean;
}

export interface ParsedArgv {
  raw: Record<string, string>;
  common: CommonFlags;
}

/**
 * acme-portal-sdk flags with no counterpart here: refused with what to use instead, so a script
 * moved over fails plainly rather than deploying without the variables it meant to load.
 */
const SEED_FLAGS_WITHOUT_COUNTERPART: Record<string, string> = {
  'app-name':
    'acme-config reads variables here through `--env-vars-command`, e.g. --env-vars-command "ac fetch -app-name my-app -env dev ..."',
  'ver-number': 'acme-config reads variables here through `--env-vars-command`',
};

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

function suggestion(name: string, flags: readonly FlagSpec[]): string {
  const names = flags.flatMap((flag) => [flag.name, ...flag.aliases]);
  const close = names
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(name.length / 3)))
    .sort((a, b) => a.distance - b.distance)[0];
  return close ? ` Did you mean --${close.candidate}?` : '';
}

export function parseArgv(
  command: string,
  args: readonly string[],
  manifest: ActionManifest,
  flags: readonly FlagSpec[],
): ParsedArgv {
  const byName = new Map<string, FlagSpec>();
  for (const flag of flags) for (const name of [flag.name, ...flag.aliases]) byName.set(name, flag);
  const given = new Map<string, { value: string; as: string }>();
  const common: CommonFlags = { json: false, help: false };
  const help = `Run \`acme-portal ${command} --help\` for its flags.`;

  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '-h' || arg === '--help') {
      common.help = true;
      continue;
    }
    // `--name`, and acme-portal-sdk's single-dash `-name` (argparse long options).
    const match = /^--?([A-Za-z][A-Za-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!match) {
      throw new UsageError(`Unexpected argument "${arg}": ${command} takes flags only (--name value).`, {
        hint: help,
      });
    }
    const name = match[1]!;
    let value = match[2];
    if (name === 'json' && value === undefined) {
      common.json = true;
      continue;
    }
    const negated = name.startsWith('no-') ? byName.get(name.slice(3)) : undefined;
    const flag = byName.get(name) ?? (negated?.boolean ? negated : undefined);
    if (!flag) {
      const why = SEED_FLAGS_WITHOUT_COUNTERPART[name];
      throw new UsageError(
        `Unknown flag --${name} for ${command}.${why ? ` ${why}.` : suggestion(name, flags)}`,
        {
          hint: help,
        },
      );
    }
    if (flag === negated) {
      if (value !== undefined) throw new UsageError(`--${name} takes no value.`, { hint: help });
      value = 'false';
    } else if (value === undefined) {
      const next = args[index + 1];
      // A boolean flag alone means true; `--dry-run false` and `--dry-run=false` still work.
      if (flag.boolean && (next === undefined || !/^(true|false)$/i.test(next))) value = 'true';
      else if (next === undefined || (next.startsWith('-') && next.length > 1 && !/^-\d/.test(next))) {
        throw new UsageError(`--${name} needs a value.`, { hint: help });
      } else {
        value = next;
        index += 1;
      }
    }
    const earlier = given.get(flag.name);
    if (earlier && flag.repeatable) {
      given.set(flag.name, { value: `${earlier.value}\n${value}`, as: name });
      continue;
    }
    if (earlier) {
      throw new UsageError(
        `--${flag.name} was given twice (as --${earlier.as} and --${name}); lists take commas or newlines in one value.`,
        { hint: help },
      );
    }
    given.set(flag.name, { value, as: name });
  }

  const raw: Record<string, string> = {};
  for (const input of manifest.inputs) {
    // GitHub-only inputs are off outside GitHub Actions.
    raw[input.name] = input.githubOnly ? '' : (given.get(input.name)?.value ?? input.default);
  }
  return { raw, common };
}
