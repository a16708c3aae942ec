// What a Prefect server of one version accepts, keeps and answers for deployments, so the fake can be
// any of them: the facts measured on real servers 2.20.25, 3.0.11, 3.2.15, 3.4.25, 3.6.29 and 3.8.3
// (see ../README.md, "Prefect versions"), with each boundary placed at the release whose schema changed.

/** A field of a request model and the first release whose server schema has it. */
interface Since {
  model: 'DeploymentCreate' | 'DeploymentUpdate' | 'DeploymentScheduleCreate' | 'DeploymentScheduleUpdate';
  field: string;
  since: string;
}

// Below `since` the field is unknown to the model, which forbids unknown keys: a 422.
const REQUEST_FIELDS: Since[] = [
  { model: 'DeploymentCreate', field: 'concurrency_limit', since: '3.0.0' },
  { model: 'DeploymentUpdate', field: 'concurrency_limit', since: '3.0.0' },
  { model: 'DeploymentCreate', field: 'concurrency_options', since: '3.0.3' },
  { model: 'DeploymentUpdate', field: 'concurrency_options', since: '3.0.3' },
  { model: 'DeploymentCreate', field: 'labels', since: '3.1.5' },
  { model: 'DeploymentScheduleCreate', field: 'slug', since: '3.2.0' },
  { model: 'DeploymentScheduleUpdate', field: 'slug', since: '3.2.0' },
  { model: 'DeploymentScheduleCreate', field: 'parameters', since: '3.2.0' },
  { model: 'DeploymentScheduleUpdate', field: 'parameters', since: '3.2.0' },
  { model: 'DeploymentUpdate', field: 'pull_steps', since: '3.2.0' },
  { model: 'DeploymentUpdate', field: 'parameter_openapi_schema', since: '3.2.0' },
  { model: 'DeploymentCreate', field: 'version_info', since: '3.3.6' },
  { model: 'DeploymentUpdate', field: 'version_info', since: '3.3.6' },
  { model: 'DeploymentCreate', field: 'global_concurrency_limit_id', since: '3.3.6' },
  { model: 'DeploymentUpdate', field: 'global_concurrency_limit_id', since: '3.3.6' },
  { model: 'DeploymentScheduleCreate', field: 'replaces', since: '3.6.17' },
  { model: 'DeploymentScheduleUpdate', field: 'replaces', since: '3.6.17' },
];

export interface VersionTraits {
  /** Request fields this version does not know, per model (a 422 "Extra inputs are not permitted"). */
  unknownFields: Record<Since['model'], string[]>;
  /** `concurrency_options.grace_period_seconds` (3.6.6+): kept and answered, null when not sent; before, ignored. */
  gracePeriod: boolean;
  /** Schedules answer `slug` and `parameters` (3.2+). */
  scheduleSlugs: boolean;
  /** Schedules still answer `max_active_runs` and `catchup` (before 3.1). */
  scheduleRunLimits: boolean;
  /** Deployments answer `labels` (3.1.5+). */
  labels: boolean;
  /** Deployments answer `work_queue_id` (3.6+). */
  workQueueId: boolean;
}

/** `"3.4.25"` → [3, 4, 25]. */
function parts(version: string): number[] {
  const [major = 0, minor = 0, patch = 0] = (/^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version) ?? [])
    .slice(1)
    .map((part) => Number(part ?? 0));
  return [major, minor, patch];
}

export function atLeast(version: string, minimum: string): boolean {
  const have = parts(version);
  const want = parts(minimum);
  for (let index = 0; index < 3; index += 1) {
    if (have[index] !== want[index]) return have[index]! > want[index]!;
  }
  return true;
}

/** The traits of a 3.x version (2.x is the legacy profile, Cloud counts as the newest). */
export function versionTraits(version: string, cloud = false): VersionTraits {
  const has = (minimum: string) => cloud || atLeast(version, minimum);
  const unknownFields: VersionTraits['unknownFields'] = {
    DeploymentCreate: [],
    DeploymentUpdate: [],
    DeploymentScheduleCreate: [],
    DeploymentScheduleUpdate: [],
  };
  for (const { model, field, since } of REQUEST_FIELDS) if (!has(since)) unknownFields[model].push(field);
  return {
    unknownFields,
    gracePeriod: has('3.6.6'),
    scheduleSlugs: has('3.2.0'),
    scheduleRunLimits: !has('3.1.0'),
    labels: has('3.1.5'),
    workQueueId: has('3.6.0'),
  };
}

/** The 3.8.3 request schemas cut down to what `traits` knows. */
export function schemasOfVersion(
  modern: Record<string, { properties?: Record<string, unknown> }>,
  traits: VersionTraits,
): Record<string, { properties?: Record<string, unknown> }> {
  const schemas = structuredClone(modern);
  for (const [model, fields] of Object.entries(traits.unknownFields)) {
    const properties = schemas[model]?.properties;
    if (properties) for (const field of fields) delete properties[field];
  }
  // Before 3.6.6 ConcurrencyOptions knows only collision_strategy and ignores other keys.
  if (!traits.gracePeriod) delete schemas['ConcurrencyOptions']?.properties?.['grace_period_seconds'];
  return schemas;
}

/** `concurrency_options` as this version stores it. */
export function storedConcurrencyOptions(
  sent: Record<string, unknown> | null,
  traits: VersionTraits,
): Record<string, unknown> | null {
  if (sent === null) return null;
  const collision = { collision_strategy: sent['collision_strategy'] };
  return traits.gracePeriod
    ? { ...collision, grace_period_seconds: sent['grace_period_seconds'] ?? null }
    : collision;
}
