// Several old deployments of one flow: environments when their names (or work pools) say so
// unambiguously, otherwise variants. Nothing is merged: settings that differ stay apart, and the
// group says which ones differ.
import { sameJson } from '../plan/canonical-json.js';
import { ENVIRONMENT_NAME } from '../config/schema.js';
import { environmentWordIn, withoutEnvironmentWord } from './environment-words.js';
import type { ImportedSettings } from './prefect-yaml/deployment-settings.js';

export interface GroupMember {
  /** The old deployment's name in Prefect. */
  oldName: string;
  /** Its work pool, for telling environments apart by pool. */
  workPool: string | null;
  settings: ImportedSettings;
}

export type DeploymentGroup =
  | { kind: 'single'; settings: ImportedSettings }
  | {
      kind: 'environments';
      /** How the environments were told apart. */
      by: 'name' | 'work pool';
      common: ImportedSettings;
      /** Environment -> its own settings (those that differ), and the member it came from. */
      perEnvironment: Map<string, { settings: ImportedSettings; member: number }>;
      differing: string[];
    }
  | {
      kind: 'variants';
      common: ImportedSettings;
      perVariant: Map<string, { settings: ImportedSettings; member: number }>;
      differing: string[];
      /** Why they are variants and not environments. */
      why: string;
    };

/** Keys whose values are equal in every member go to `common`; the others stay per member. */
function split(members: readonly ImportedSettings[]): {
  common: ImportedSettings;
  own: ImportedSettings[];
  differing: string[];
} {
  const keys = [...new Set(members.flatMap((member) => Object.keys(member)))];
  const common: ImportedSettings = {};
  const differing: string[] = [];
  for (const key of keys) {
    const first = members[0]![key];
    if (members.every((member) => key in member && sameJson(member[key], first))) common[key] = first;
    else differing.push(key);
  }
  const own = members.map((member) =>
    Object.fromEntries(Object.entries(member).filter(([key]) => differing.includes(key))),
  );
  return { common, own, differing };
}

/** A variant name from an old deployment name: a valid segment, unique in the group. */
export function variantNameFor(oldName: string, taken: ReadonlySet<string>): string {
  const base = oldName.replace(/[^A-Za-z0-9_.]+/g, '-').replace(/^-+|-+$/g, '') || 'variant';
  let name = ENVIRONMENT_NAME.test(base) ? base : 'variant';
  for (let index = 2; taken.has(name); index += 1) name = `${base}-${index}`;
  return name;
}

/**
 * The names without the words all of them share at the start and at the end (`report-eu`,
 * `report-us` -> `eu`, `us`): the flow is already in the deployment name. Whole names when that
 * leaves any empty or two alike.
 */
export function distinctParts(names: readonly string[]): string[] {
  const split = names.map((name) => name.split(/[^A-Za-z0-9_.]+/).filter(Boolean));
  let head = 0;
  while (split.every((words) => words.length > head + 1 && words[head] === split[0]![head])) head += 1;
  let tail = 0;
  while (
    split.every((words) => words.length > head + tail + 1 && words.at(-1 - tail) === split[0]!.at(-1 - tail))
  )
    tail += 1;
  const short = split.map((words) => words.slice(head, words.length - tail).join('-'));
  return short.every(Boolean) && new Set(short).size === short.length ? short : [...names];
}

function environmentsBy(
  members: readonly GroupMember[],
  word: (member: GroupMember) => string | null,
): string[] | null {
  const words = members.map(word);
  if (words.some((each) => each === null)) return null;
  return new Set(words).size === words.length ? (words as string[]) : null;
}

export function groupDeployments(members: readonly GroupMember[]): DeploymentGroup {
  if (members.length === 1) return { kind: 'single', settings: members[0]!.settings };
  const { common, own, differing } = split(members.map((member) => member.settings));
  const byName = environmentsBy(members, (member) => environmentWordIn(member.oldName));
  const sameRest = new Set(members.map((member) => withoutEnvironmentWord(member.oldName))).size === 1;
  const byPool = environmentsBy(members, (member) =>
    member.workPool ? environmentWordIn(member.workPool) : null,
  );
  const environments = byName && sameRest ? byName : byPool;
  if (environments) {
    return {
      kind: 'environments',
      by: byName && sameRest ? 'name' : 'work pool',
      common,
      perEnvironment: new Map(
        environments.map((env, index) => [env, { settings: own[index]!, member: index }]),
      ),
      differing,
    };
  }
  const taken = new Set<string>();
  const perVariant = new Map<string, { settings: ImportedSettings; member: number }>();
  const short = distinctParts(members.map((member) => member.oldName));
  members.forEach((member, index) => {
    const name = variantNameFor(short[index]!, taken);
    taken.add(name);
    perVariant.set(name, { settings: own[index]!, member: index });
  });
  const why = byName
    ? 'their names hold environment words but differ in more than that word'
    : 'neither their names nor their work pools name one environment each';
  return { kind: 'variants', common, perVariant, differing, why };
}
