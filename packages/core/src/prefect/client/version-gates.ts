// Which deployment fields each Prefect server version accepts. Its request models forbid
// unknown keys (422), so a body is cut down to what the server knows before it is sent.
import { atLeast, type ServerVersion } from './server-version.js';

export type DeploymentWrite = 'create' | 'update';

interface Gate {
  /** First server version that accepts the field. */
  since?: string;
  /** First server version that no longer accepts it. */
  until?: string;
  /** PATCH (DeploymentUpdate) accepts it from this version; `null`: never. */
  updateSince?: string | null;
  cloudOnly?: boolean;
}

// From DeploymentCreate / DeploymentUpdate in prefect/server/schemas/actions.py, tag by tag.
const DEPLOYMENT_GATES: Record<string, Gate> = {
  name: { updateSince: null },
  flow_id: { updateSince: null },
  version: {},
  description: {},
  tags: {},
  parameters: {},
  enforce_parameter_schema: {},
  entrypoint: {},
  path: {},
  work_pool_name: {},
  work_queue_name: {},
  schedules: {},
  paused: {},
  storage_document_id: {},
  infrastructure_document_id: {},
  parameter_openapi_schema: { updateSince: '3.2.0' },
  pull_steps: { updateSince: '3.2.0' },
  job_variables: { since: '2.17.0' },
  infra_overrides: { until: '2.17.0' },
  schedule: { until: '3.0.0' },
  is_schedule_active: { until: '3.0.0' },
  manifest_path: { until: '3.0.0' },
  concurrency_limit: { since: '3.0.0' },
  concurrency_options: { since: '3.0.3' },
  labels: { since: '3.1.5', updateSince: null },
  version_info: { since: '3.3.6' },
  global_concurrency_limit_id: { since: '3.3.6' },
  branch: { cloudOnly: true },
  base: { cloudOnly: true },
  root: { cloudOnly: true },
};

// From DeploymentScheduleCreate / DeploymentScheduleUpdate.
const SCHEDULE_GATES: Record<string, Gate> = {
  schedule: {},
  active: {},
  max_scheduled_runs: { since: '2.19.0' },
  max_active_runs: { since: '2.19.0', until: '3.1.0' },
  catchup: { since: '2.19.0', until: '3.1.0' },
  parameters: { since: '3.2.0' },
  slug: { since: '3.2.0' },
  replaces: { since: '3.6.17' },
};

function open(gate: Gate, server: ServerVersion, write: DeploymentWrite): boolean {
  if (gate.cloudOnly && !server.isCloud) return false;
  const since = write === 'update' && gate.updateSince !== undefined ? gate.updateSince : gate.since;
  if (since === null) return false;
  if (since !== undefined && !atLeast(server, since)) return false;
  if (gate.until !== undefined && atLeast(server, gate.until)) return false;
  return true;
}

export interface DeploymentFields {
  /** Top-level keys of POST /deployments/. */
  create: string[];
  /** Top-level keys of PATCH /deployments/{id}. */
  update: string[];
  /** Keys of one item of `schedules`. */
  schedule: string[];
  /** Where job variables go: 2.16 knows only `infra_overrides`. */
  jobVariablesKey: 'job_variables' | 'infra_overrides';
}

export function deploymentFieldsFor(server: ServerVersion): DeploymentFields {
  const pick = (gates: Record<string, Gate>, write: DeploymentWrite) =>
    Object.keys(gates).filter((field) => open(gates[field]!, server, write));
  return {
    create: pick(DEPLOYMENT_GATES, 'create'),
    update: pick(DEPLOYMENT_GATES, 'update'),
    schedule: pick(SCHEDULE_GATES, 'create'),
    jobVariablesKey: atLeast(server, '2.17.0') ? 'job_variables' : 'infra_overrides',
  };
}

/**
 * The changed fields a PATCH cannot carry to this server although a POST can (before 3.2,
 * `pull_steps` and `parameter_openapi_schema`): such a change is written with the upsert.
 */
export function fieldsOnlyCreateWrites(fields: readonly string[], server: ServerVersion): string[] {
  const { create, update } = deploymentFieldsFor(server);
  return fields.filter((field) => create.includes(field) && !update.includes(field) && field !== 'labels');
}

export interface FittedDeploymentBody {
  body: Record<string, unknown>;
  /** What was left out, `labels` or `schedules[].slug`, for a warning. */
  dropped: string[];
}

/** The body without the fields this server refuses; job variables under the key it knows. */
export function fitDeploymentBody(
  body: Readonly<Record<string, unknown>>,
  server: ServerVersion,
  write: DeploymentWrite,
): FittedDeploymentBody {
  const fields = deploymentFieldsFor(server);
  const allowed = new Set(write === 'create' ? fields.create : fields.update);
  const scheduleAllowed = new Set(fields.schedule);
  const dropped = new Set<string>();
  const source: Record<string, unknown> = { ...body };

  // Job variables are one concept under two names: move them rather than drop them.
  const otherKey = fields.jobVariablesKey === 'job_variables' ? 'infra_overrides' : 'job_variables';
  if (source[otherKey] !== undefined && source[fields.jobVariablesKey] === undefined) {
    source[fields.jobVariablesKey] = source[otherKey];
  }
  delete source[otherKey];

  const fitted: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (!allowed.has(key)) {
      dropped.add(key);
      continue;
    }
    if (key === 'schedules' && Array.isArray(value)) {
      fitted.schedules = value.map((item: unknown) => {
        if (item === null || typeof item !== 'object') return item;
        const kept: Record<string, unknown> = {};
        for (const [field, fieldValue] of Object.entries(item as Record<string, unknown>)) {
          if (fieldValue === undefined) continue;
          if (scheduleAllowed.has(field)) kept[field] = fieldValue;
          else dropped.add(`schedules[].${field}`);
        }
        return kept;
      });
      continue;
    }
    fitted[key] = value;
  }
  return { body: fitted, dropped: [...dropped] };
}
