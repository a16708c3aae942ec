// The validators Prefect's request models run beyond their JSON schema (cron strings, timezones, parameter
// size and schema, concurrency options, work pool templates), keyed by the model names of the OpenAPI document.

import type { ModelRefinement } from './body-validator.js';
import { parameterSchemaProblem } from './parameter-schema-check.js';
import { cronStringProblem, intervalProblem, rruleProblem, timezoneProblem } from './schedule-checks.js';

/** Prefect's server default for PREFECT_SERVER_API_MAX_PARAMETER_SIZE (512 KiB). */
const MAX_PARAMETER_BYTES = 524_288;
/** Prefect's server default for PREFECT_DEPLOYMENT_SCHEDULE_MAX_SCHEDULED_RUNS. */
const MAX_SCHEDULED_RUNS = 50;

function parameterSizeProblem(parameters: unknown): string | undefined {
  if (typeof parameters !== 'object' || parameters === null || Object.keys(parameters).length === 0)
    return undefined;
  const size = Buffer.byteLength(JSON.stringify(parameters));
  if (size <= MAX_PARAMETER_BYTES) return undefined;
  const grouped = (count: number) => count.toLocaleString('en-US');
  return `Flow run parameters must be less than ${grouped(MAX_PARAMETER_BYTES)} bytes when serialized (got ${grouped(size)} bytes).`;
}

function maxScheduledRunsProblem(runs: unknown): string | undefined {
  return typeof runs === 'number' && runs > MAX_SCHEDULED_RUNS
    ? `\`max_scheduled_runs\` must be less than or equal to ${MAX_SCHEDULED_RUNS}.`
    : undefined;
}

function concurrencyConflict(raw: Record<string, unknown>): string | undefined {
  return raw['concurrency_limit'] && raw['global_concurrency_limit_id']
    ? 'A deployment cannot have both a concurrency limit and a global concurrency limit.'
    : undefined;
}

/** DeploymentCreate checks `parameters` against the schema sent beside them only when enforcement is sent true. */
function parametersAgainstSentSchema(raw: Record<string, unknown>): string | undefined {
  if (!raw['enforce_parameter_schema']) return undefined;
  return parameterSchemaProblem(raw['parameters'] ?? {}, raw['parameter_openapi_schema']);
}

function baseJobTemplateProblem(template: unknown): string | undefined {
  if (typeof template !== 'object' || template === null || Object.keys(template).length === 0)
    return undefined;
  const { job_configuration: jobConfiguration, variables } = template as Record<string, unknown>;
  if (!isNonEmptyObject(jobConfiguration) || !isNonEmptyObject(variables)) {
    return 'The `base_job_template` must contain both a `job_configuration` key and a `variables` key.';
  }
  const declared = new Set(
    Object.keys((variables['properties'] as Record<string, unknown> | undefined) ?? {}),
  );
  const used = new Set<string>();
  for (const match of JSON.stringify(jobConfiguration).matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)) {
    if (match[1] && !match[1].startsWith('prefect.')) used.add(match[1]);
  }
  const undeclared = [...used].filter((name) => !declared.has(name));
  if (undeclared.length === 0) return undefined;
  return (
    'The variables specified in the job configuration template must be present as properties in the ' +
    `variables schema. Your job configuration uses the following undeclared variable(s): ${undeclared.join(' ,')}.`
  );
}

function isNonEmptyObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

const timezoneOfSchedule = (schedule: Record<string, unknown>) => timezoneProblem(schedule['timezone']);

/** EventTrigger's `enforce_minimum_within_for_proactive_triggers`, a before-validator. */
function eventTriggerWithin(raw: Record<string, unknown>): string | undefined {
  if ('within' in raw && raw['within'] === null) return '`within` should be a valid timedelta';
  const within = typeof raw['within'] === 'number' ? raw['within'] : undefined;
  if (raw['posture'] === 'Proactive' && within !== undefined && within !== 0 && within < 10)
    return '`within` for Proactive triggers must be greater than or equal to 10 seconds';
  return undefined;
}

function compoundRequire(model: Record<string, unknown>): string | undefined {
  const require = model['require'];
  if (typeof require !== 'number') return undefined;
  if (require < 1) return 'require must be at least 1';
  if (require > (model['triggers'] as unknown[]).length)
    return 'require must be less than or equal to the number of triggers';
  return undefined;
}

/** Refinements for Prefect 3.x request models. */
export const prefectModelChecks: Record<string, ModelRefinement> = {
  CronSchedule: { fields: { cron: cronStringProblem }, after: timezoneOfSchedule },
  IntervalSchedule: { fields: { interval: intervalProblem }, after: timezoneOfSchedule },
  RRuleSchedule: { fields: { rrule: rruleProblem } },
  DeploymentScheduleCreate: { fields: { max_scheduled_runs: maxScheduledRunsProblem } },
  DeploymentScheduleUpdate: { fields: { max_scheduled_runs: maxScheduledRunsProblem } },
  DeploymentCreate: {
    before: (raw) => concurrencyConflict(raw) ?? parametersAgainstSentSchema(raw),
    fields: { parameters: parameterSizeProblem },
  },
  DeploymentUpdate: { before: concurrencyConflict, fields: { parameters: parameterSizeProblem } },
  DeploymentFlowRunCreate: { fields: { parameters: parameterSizeProblem } },
  WorkPoolCreate: { fields: { base_job_template: baseJobTemplateProblem } },
  EventTrigger: { before: eventTriggerWithin },
  'CompoundTrigger-Input': { after: compoundRequire },
};
