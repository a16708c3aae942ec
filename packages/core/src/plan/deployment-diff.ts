// What differs between the deployment we want (DeploymentSpec) and the one on the server,
// field by field, comparing only what we own and ignoring what the server adds or reformats.
import type { DeploymentScheduleSpec, DeploymentSpec } from '../model/deployment.js';
import { jobVariablesOf, type ServerDeployment, type ServerSchedule } from '../prefect/server-deployment.js';
import { sameJson } from './canonical-json.js';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface DiffOptions {
  /** The server keeps schedule slugs (3.2+); older ones drop them, so they are not compared. */
  slugs: boolean;
}

function stripDtstart(rule: string): string {
  return rule
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('DTSTART'))
    .join('\n')
    .replace(/^RRULE:/, '');
}

function sameInstant(a: unknown, b: unknown): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return a === b;
  const left = Date.parse(a);
  const right = Date.parse(b);
  return Number.isNaN(left) || Number.isNaN(right) ? a === b : left === right;
}

/**
 * Whether the server's schedule is what we asked for, reading it the way the server writes it:
 * `day_or` defaults to true, intervals come back as floats with a chosen anchor and "UTC",
 * a bare RRULE gains a DTSTART, and an unset timezone is stored as null (or "UTC").
 */
export function sameSchedule(
  wanted: DeploymentScheduleSpec,
  existing: ServerSchedule,
  options: DiffOptions,
): boolean {
  if (wanted.active !== existing.active) return false;
  if (options.slugs && (existing.slug ?? null) !== wanted.slug) return false;
  if (!sameJson(wanted.parameters ?? {}, existing.parameters ?? {})) return false;
  if (
    wanted.max_scheduled_runs !== undefined &&
    wanted.max_scheduled_runs !== null &&
    wanted.max_scheduled_runs !== existing.max_scheduled_runs
  ) {
    return false;
  }
  const want = wanted.schedule as Record<string, unknown>;
  const have = existing.schedule;
  const timezoneMatches =
    want.timezone === undefined || want.timezone === null
      ? have.timezone === undefined || have.timezone === null || have.timezone === 'UTC'
      : want.timezone === have.timezone;
  if (!timezoneMatches) return false;
  if (typeof want.cron === 'string') {
    return want.cron === have.cron && (want.day_or ?? true) === (have.day_or ?? true);
  }
  if (want.interval !== undefined) {
    if (Number(want.interval) !== Number(have.interval)) return false;
    return want.anchor_date === undefined || sameInstant(want.anchor_date, have.anchor_date);
  }
  if (typeof want.rrule === 'string') {
    if (typeof have.rrule !== 'string') return false;
    return want.rrule.includes('DTSTART')
      ? want.rrule === have.rrule
      : stripDtstart(want.rrule) === stripDtstart(have.rrule);
  }
  return false;
}

export function schedulesDiffer(
  wanted: DeploymentScheduleSpec[],
  existing: ServerSchedule[],
  options: DiffOptions,
): boolean {
  if (wanted.length !== existing.length) return true;
  const bySlug = options.slugs && existing.every((item) => item.slug);
  if (bySlug) {
    return wanted.some((item) => {
      const match = existing.find((each) => each.slug === item.slug);
      return match === undefined || !sameSchedule(item, match, options);
    });
  }
  // Without slugs the server's order is its own (most recently updated first): match as a set.
  const unmatched = [...existing];
  return wanted.some((item) => {
    const index = unmatched.findIndex((each) => sameSchedule(item, each, options));
    if (index === -1) return true;
    unmatched.splice(index, 1);
    return false;
  });
}

const sortedTags = (tags: readonly string[]) => [...new Set(tags)].sort();

/** Every owned field whose value on the server differs from the spec. Empty: unchanged. */
export function diffDeployment(
  spec: DeploymentSpec,
  existing: ServerDeployment,
  options: DiffOptions,
): FieldChange[] {
  const changes: FieldChange[] = [];
  const check = (field: string, from: unknown, to: unknown, same = sameJson(from, to)) => {
    if (!same) changes.push({ field, from, to });
  };
  check('version', existing.version ?? null, spec.version);
  // An OSS server discards version_info and never answers with it: comparing there would report a
  // change on every run. Cloud answers with the key (null until set), so it is compared there.
  if (spec.version_info !== undefined && existing.version_info !== undefined) {
    check('version_info', existing.version_info, spec.version_info);
  }
  // "" and null both mean "none": deployments written with "" before stay unchanged.
  check(
    'description',
    existing.description ?? null,
    spec.description,
    (existing.description ?? '') === (spec.description ?? ''),
  );
  check(
    'tags',
    existing.tags ?? [],
    spec.tags,
    sameJson(sortedTags(existing.tags ?? []), sortedTags(spec.tags)),
  );
  check('entrypoint', existing.entrypoint ?? null, spec.entrypoint);
  check('path', existing.path ?? null, spec.path);
  check('pull_steps', existing.pull_steps ?? [], spec.pull_steps);
  check('job_variables', jobVariablesOf(existing), spec.job_variables);
  check('parameters', existing.parameters ?? {}, spec.parameters);
  check('parameter_openapi_schema', existing.parameter_openapi_schema ?? {}, spec.parameter_openapi_schema);
  if (spec.enforce_parameter_schema !== null) {
    check(
      'enforce_parameter_schema',
      existing.enforce_parameter_schema ?? null,
      spec.enforce_parameter_schema,
    );
  }
  check('work_pool_name', existing.work_pool_name ?? null, spec.work_pool_name);
  if (spec.work_queue_name !== null)
    check('work_queue_name', existing.work_queue_name ?? null, spec.work_queue_name);
  if (spec.paused !== null) check('paused', existing.paused ?? false, spec.paused);
  if (spec.concurrency_limit !== null) {
    check('concurrency_limit', existing.global_concurrency_limit?.limit ?? null, spec.concurrency_limit);
  }
  if (spec.concurrency_options !== null) {
    check('concurrency_options', existing.concurrency_options ?? null, spec.concurrency_options);
  }
  const existingSchedules = existing.schedules ?? [];
  if (schedulesDiffer(spec.schedules, existingSchedules, options)) {
    changes.push({
      field: 'schedules',
      from: existingSchedules.map((item) => item.schedule),
      to: spec.schedules.map((item) => item.schedule),
    });
  }
  return changes;
}
