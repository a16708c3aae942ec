// The parts of Prefect's responses this project reads, checked with zod. Every object is loose:
// Cloud and older servers add or omit fields, and only a missing id or name is an error.
import { z } from 'zod';

const record = z.record(z.string(), z.unknown());
const optionalText = z.string().nullish();
const optionalFlag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? undefined);
const stringList = z
  .array(z.string())
  .nullish()
  .transform((value) => value ?? []);
const objectOrEmpty = record.nullish().transform((value) => value ?? {});

export const flowResponse = z.looseObject({
  id: z.string(),
  name: z.string(),
  tags: stringList,
  labels: record.nullish(),
  created: optionalText,
  updated: optionalText,
});
export type PrefectFlow = z.infer<typeof flowResponse>;

export const workPoolResponse = z.looseObject({
  id: optionalText,
  name: z.string(),
  type: z.string(),
  base_job_template: record.nullish(),
  is_paused: optionalFlag,
  status: optionalText,
  concurrency_limit: z.number().nullish(),
  default_queue_id: optionalText,
});
export type PrefectWorkPool = z.infer<typeof workPoolResponse>;

export const deploymentScheduleResponse = z.looseObject({
  id: z.string(),
  schedule: record,
  active: z
    .boolean()
    .nullish()
    .transform((value) => value ?? true),
  slug: optionalText,
  parameters: objectOrEmpty,
  max_scheduled_runs: z.number().nullish(),
});
export type PrefectDeploymentSchedule = z.infer<typeof deploymentScheduleResponse>;

export const deploymentResponse = z.looseObject({
  id: z.string(),
  name: z.string(),
  flow_id: z.string(),
  created: optionalText,
  updated: optionalText,
  version: optionalText,
  description: optionalText,
  tags: stringList,
  labels: record.nullish(),
  entrypoint: optionalText,
  path: optionalText,
  pull_steps: z.array(record).nullish(),
  job_variables: record.nullish(),
  /** 2.x answers with this instead of job_variables. */
  infra_overrides: record.nullish(),
  parameters: objectOrEmpty,
  parameter_openapi_schema: record.nullish(),
  enforce_parameter_schema: optionalFlag,
  work_pool_name: optionalText,
  work_queue_name: optionalText,
  paused: optionalFlag,
  schedules: z
    .array(deploymentScheduleResponse)
    .nullish()
    .transform((value) => value ?? []),
  global_concurrency_limit: z.looseObject({ limit: z.number() }).nullish(),
  concurrency_options: z
    .looseObject({ collision_strategy: z.string(), grace_period_seconds: z.number().nullish() })
    .nullish(),
  status: optionalText,
});
export type PrefectDeployment = z.infer<typeof deploymentResponse>;

const runState = z
  .looseObject({
    type: z.string(),
    name: optionalText,
    timestamp: optionalText,
    message: optionalText,
  })
  .nullish();

export const flowRunResponse = z.looseObject({
  id: z.string(),
  name: z.string(),
  deployment_id: optionalText,
  deployment_version: optionalText,
  state_type: optionalText,
  state_name: optionalText,
  state: runState,
  expected_start_time: optionalText,
  start_time: optionalText,
  end_time: optionalText,
  tags: stringList,
  work_pool_name: optionalText,
  work_queue_name: optionalText,
});
export type PrefectFlowRun = z.infer<typeof flowRunResponse>;
