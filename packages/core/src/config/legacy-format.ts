// acme-portal-sdk's `static_flow_deploy_config.yaml`, read unchanged so its users can move over:
// recognised by its shape, validated as strictly as ours, and converted to our model.
//
// The SDK (acme_portal_sdk/prefect/flow_deploy.py, PrefectDeployInfoPrep) reads a mapping of
// normalised flow name -> settings and uses, per flow:
//   cron              -> schedules: [{cron}]   (no timezone: Prefect reads it in UTC)
//   description       -> description           (default there too: the flow's docstring)
//   work_pool_name    -> work_pool             (default there: "ecs-pool", the CLI's DEFAULT_WORK_POOL)
//   work_queue_name   -> work_queue
//   parameters        -> parameters
//   paused            -> paused                (default false)
//   concurrency_limit -> concurrency_limit     (default 1, not "no limit")
//   job_variables     -> job_variables         (the SDK ignored them; honoured here)
//   name, import_path -> ignored: the key names the flow and flows are found by reading the source
//   triggers          -> triggers: {DeploymentEventTrigger: {...}, ...} becomes one item per class
//                        key (Prefect's trigger of that type), deployed as automations
import { z } from 'zod';
import { sdkTriggers } from '../automations/trigger-schema.js';
import type { PortalConfig } from './portal-config.js';
import {
  configFileSchema,
  cronExpression,
  flowName,
  isMapping,
  jobVariables,
  parameters,
  type FlowSettingsLayer,
  type SettingsLayer,
} from './schema.js';

/** What the SDK assumed when a flow did not say, kept so moved-over deployments do not change. */
export const LEGACY_DEFAULTS: SettingsLayer = { work_pool: 'ecs-pool', concurrency_limit: 1, paused: false };

const legacyFlow = z.strictObject({
  /** Ignored (the SDK did too): the key is the flow name. */
  name: z.string().optional(),
  /** Ignored: flows are found by reading the source. */
  import_path: z.string().optional(),
  cron: cronExpression.optional(),
  description: z.string().nullable().optional(),
  work_pool_name: z.string().min(1).optional(),
  work_queue_name: z.string().min(1).nullable().optional(),
  parameters: parameters.nullable().optional(),
  paused: z.boolean().optional(),
  concurrency_limit: z.int().positive().nullable().optional(),
  job_variables: jobVariables.nullable().optional(),
  /** `{DeploymentEventTrigger: {...}, DeploymentCompoundTrigger: {...}}`, as the SDK passed them to flow.deploy(). */
  triggers: sdkTriggers.nullable().optional(),
});

export const legacyFileSchema = z.record(flowName, legacyFlow.nullable());

/** Our setting keys as the legacy file spells them, for locating a setting in it. */
export const LEGACY_KEY_NAMES: Record<string, string> = {
  work_pool: 'work_pool_name',
  work_queue: 'work_queue_name',
  schedules: 'cron',
};

const LEGACY_KEYS = new Set(Object.keys(legacyFlow.shape));

/**
 * A legacy file has none of our top-level keys, only mappings as values, and at least one of
 * the SDK's keys in them; a typo in the others is then reported against the legacy keys.
 */
export function isLegacyShape(data: Record<string, unknown>): boolean {
  const keys = Object.keys(data);
  if (keys.length === 0 || keys.some((key) => key in configFileSchema.shape)) return false;
  const values = Object.values(data);
  if (!values.every((value) => value === null || isMapping(value))) return false;
  return values.some((value) => isMapping(value) && Object.keys(value).some((key) => LEGACY_KEYS.has(key)));
}

export function fromLegacy(file: z.output<typeof legacyFileSchema>): PortalConfig {
  const deployments: Record<string, FlowSettingsLayer> = {};
  for (const [flow, legacy] of Object.entries(file)) {
    if (!legacy) {
      deployments[flow] = {};
      continue;
    }
    const settings: FlowSettingsLayer = {};
    if (legacy.cron !== undefined) settings.schedules = [{ cron: legacy.cron }];
    if (legacy.description !== undefined) settings.description = legacy.description;
    if (legacy.work_pool_name !== undefined) settings.work_pool = legacy.work_pool_name;
    if (legacy.work_queue_name !== undefined) settings.work_queue = legacy.work_queue_name;
    if (legacy.parameters) settings.parameters = legacy.parameters;
    if (legacy.paused !== undefined) settings.paused = legacy.paused;
    if (legacy.concurrency_limit !== undefined) settings.concurrency_limit = legacy.concurrency_limit;
    if (legacy.job_variables) settings.job_variables = legacy.job_variables;
    if (legacy.triggers) settings.triggers = legacy.triggers;
    deployments[flow] = settings;
  }
  return {
    format: 'legacy',
    project: null,
    flows: { root: '.', exclude: [] },
    defaults: { ...LEGACY_DEFAULTS },
    deployments,
    environments: [],
  };
}
