// One field change of a plan in words a reviewer reads in a pull request: old → new for short
// values, key names for mappings, and never the value of an environment variable.
import type { FieldChange } from '../plan/deployment-diff.js';
import type { PlanItem } from '../plan/plan.js';

/** Values longer than this (as JSON) are named, not shown. */
const SHORT = 40;

function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `+A, ~B, -C`: keys added, changed, removed between two mappings (sorted within each group). */
export function keyChanges(from: unknown, to: unknown): string {
  const before = isMapping(from) ? from : {};
  const after = isMapping(to) ? to : {};
  const added = Object.keys(after).filter((key) => !(key in before));
  const removed = Object.keys(before).filter((key) => !(key in after));
  const changed = Object.keys(after).filter((key) => key in before && json(before[key]) !== json(after[key]));
  return [
    ...added.sort().map((key) => `+${key}`),
    ...changed.sort().map((key) => `~${key}`),
    ...removed.sort().map((key) => `-${key}`),
  ].join(', ');
}

function shortPair(from: unknown, to: unknown): string | null {
  const left = json(from);
  const right = json(to);
  return left.length <= SHORT && right.length <= SHORT ? `${left} → ${right}` : null;
}

/** Job variables: `env` by variable name only (values may be secrets), other keys by name. */
function jobVariableChanges(from: unknown, to: unknown): string[] {
  const before = isMapping(from) ? from : {};
  const after = isMapping(to) ? to : {};
  const parts: string[] = [];
  const env = keyChanges(before.env, after.env);
  if (env) parts.push(`env: ${env}`);
  const { env: _beforeEnv, ...restBefore } = before;
  const { env: _afterEnv, ...restAfter } = after;
  const rest = keyChanges(restBefore, restAfter);
  if (rest) parts.push(`job_variables: ${rest}`);
  return parts.length > 0 ? parts : ['job_variables'];
}

/**
 * Tags added and removed; `KEY=value` tags whose value moved (COMMIT_HASH=…, PACKAGE_VERSION=…)
 * are one change of that key, `~KEY`, rather than a long pair of hashes.
 */
function tagChanges(from: unknown, to: unknown): string {
  const before = new Set(Array.isArray(from) ? from.map(String) : []);
  const after = new Set(Array.isArray(to) ? to.map(String) : []);
  const added = [...after].filter((tag) => !before.has(tag));
  const removed = [...before].filter((tag) => !after.has(tag));
  const keyOf = (tag: string) => (tag.includes('=') ? tag.slice(0, tag.indexOf('=')) : null);
  const removedKeys = new Set(removed.map(keyOf).filter((key) => key !== null));
  const moved = new Set(
    added.map(keyOf).filter((key): key is string => key !== null && removedKeys.has(key)),
  );
  const isMoved = (tag: string) => moved.has(keyOf(tag) ?? '');
  return [
    ...added.filter((tag) => !isMoved(tag)).map((tag) => `+${tag}`),
    ...[...moved].sort().map((key) => `~${key}`),
    ...removed.filter((tag) => !isMoved(tag)).map((tag) => `-${tag}`),
  ].join(', ');
}

/** The change in one or more short phrases, e.g. `paused: false → true`, `env: +API_URL, ~LOG_LEVEL`. */
export function describeChange(change: FieldChange): string[] {
  switch (change.field) {
    case 'job_variables':
      return jobVariableChanges(change.from, change.to);
    case 'tags':
      return [`tags: ${tagChanges(change.from, change.to) || 'reordered'}`];
    case 'parameters': {
      const keys = keyChanges(change.from, change.to);
      return [`parameters: ${keys || 'changed'}`];
    }
    case 'schedules': {
      const pair = shortPair(change.from, change.to);
      return [pair ? `schedules: ${pair}` : 'schedules'];
    }
    default: {
      const pair = shortPair(change.from, change.to);
      return [pair ? `${change.field}: ${pair}` : change.field];
    }
  }
}

/**
 * Schedules in what a reviewer looks for: how many there are, and which were switched off or on
 * (a schedule paused in the UI is `active: false` on the server).
 */
function scheduleChanges(item: PlanItem): string[] {
  const existing = item.existing?.schedules ?? [];
  const wanted = item.spec?.schedules ?? [];
  if (existing.length !== wanted.length) return [`schedules: ${existing.length} → ${wanted.length}`];
  const toggled = wanted.flatMap((schedule, index) => {
    const current = existing[index]!;
    if (current.active === schedule.active) return [];
    const label = schedule.slug ?? `#${index + 1}`;
    return [`schedule ${label} active: ${current.active} → ${schedule.active}`];
  });
  return toggled.length > 0 ? toggled : ['schedules: timing or parameters'];
}

/** Every change of one planned update, described. */
export function describeItemChanges(item: PlanItem): string[] {
  return item.changes.flatMap((change) =>
    change.field === 'schedules' ? scheduleChanges(item) : describeChange(change),
  );
}
