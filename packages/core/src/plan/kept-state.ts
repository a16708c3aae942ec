// The deployment a plan compares: the spec as this server will answer it after the write. Fields
// it refuses or drops are not compared, reshaped ones are compared in its shape (kept-fields.ts).
import type { DeploymentScheduleSpec, DeploymentSpec } from '../model/deployment.js';
import { keptFieldsFor, type KeptFields } from '../prefect/client/kept-fields.js';
import type { ServerVersion } from '../prefect/prefect-api.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';
import { diffDeployment, type FieldChange } from './deployment-diff.js';

const keeps = (kept: KeptFields, field: string) => {
  const fate = kept.fate(field);
  return fate === 'kept' || fate === 'reshaped';
};

function keptSchedule(item: DeploymentScheduleSpec, kept: KeptFields): DeploymentScheduleSpec {
  const { parameters, max_scheduled_runs, ...rest } = item;
  return {
    ...rest,
    ...(parameters !== undefined && keeps(kept, 'schedules[].parameters') ? { parameters } : {}),
    ...(max_scheduled_runs !== undefined && keeps(kept, 'schedules[].max_scheduled_runs')
      ? { max_scheduled_runs }
      : {}),
  };
}

function keptConcurrencyOptions(
  options: DeploymentSpec['concurrency_options'],
  kept: KeptFields,
): DeploymentSpec['concurrency_options'] {
  if (options === null || !keeps(kept, 'concurrency_options')) return null;
  const { grace_period_seconds: grace, ...rest } = options;
  switch (kept.fate('concurrency_options.grace_period_seconds')) {
    case 'reshaped':
      return { ...rest, grace_period_seconds: grace ?? null };
    case 'kept':
      return grace === undefined ? rest : { ...rest, grace_period_seconds: grace };
    default:
      return rest;
  }
}

/** The spec as `server` keeps it; null for an owned setting means "not compared" in the diff. */
export function keptSpec(spec: DeploymentSpec, server: ServerVersion): DeploymentSpec {
  const kept = keptFieldsFor(server);
  const { version_info: versionInfo, ...rest } = spec;
  return {
    ...rest,
    ...(versionInfo !== undefined && keeps(kept, 'version_info') ? { version_info: versionInfo } : {}),
    schedules: spec.schedules.map((item) => keptSchedule(item, kept)),
    concurrency_limit: keeps(kept, 'concurrency_limit') ? spec.concurrency_limit : null,
    concurrency_options: keptConcurrencyOptions(spec.concurrency_options, kept),
  };
}

/** What differs between the deployment on `server` and the one it would keep of `spec`. */
export function serverChanges(
  spec: DeploymentSpec,
  existing: ServerDeployment,
  server: ServerVersion,
): FieldChange[] {
  const slugs = keeps(keptFieldsFor(server), 'schedules[].slug');
  return diffDeployment(keptSpec(spec, server), existing, { slugs });
}

/** The config settings a spec sets, by field path (only those a server may fail to keep). */
function settingsSet(spec: DeploymentSpec): string[] {
  const set: string[] = [];
  if (spec.schedules.some((item) => item.max_scheduled_runs != null))
    set.push('schedules[].max_scheduled_runs');
  if (spec.schedules.some((item) => item.parameters && Object.keys(item.parameters).length > 0))
    set.push('schedules[].parameters');
  if (spec.concurrency_limit !== null) set.push('concurrency_limit');
  if (spec.concurrency_options !== null) set.push('concurrency_options');
  if (spec.concurrency_options?.grace_period_seconds != null)
    set.push('concurrency_options.grace_period_seconds');
  return set;
}

/**
 * One warning per setting the config sets and `server` cannot keep (refused, or accepted and
 * dropped), naming the deployments that set it.
 */
export function unkeptSettingWarnings(specs: readonly DeploymentSpec[], server: ServerVersion): string[] {
  const kept = keptFieldsFor(server);
  const users = new Map<string, string[]>();
  for (const spec of specs) {
    for (const field of settingsSet(spec)) {
      const fate = kept.fate(field);
      if (fate !== 'refused' && fate !== 'dropped') continue;
      // A refused parent already says it for its inner fields.
      const parent = /^(\w+)\./.exec(field)?.[1];
      if (parent !== undefined && kept.fate(parent) === 'refused') continue;
      users.set(field, [...(users.get(field) ?? []), spec.name]);
    }
  }
  const where = server.isCloud ? 'Prefect Cloud' : `Prefect ${server.version}`;
  return [...users].map(([field, names]) => {
    const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
    return `${where} ${kept.behaviour(field)}: \`${field}\` (set for ${shown}) has no effect on this server and is not compared.`;
  });
}
