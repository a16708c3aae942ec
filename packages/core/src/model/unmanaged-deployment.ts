// Deployments of our flows that these actions do not manage (names not of our pattern: made by
// `prefect deploy`, the SDK's old scripts or by hand). Left running, their schedules double ours.

/** `active`: not paused and at least one active schedule; `paused`: schedules, none firing. */
export type ScheduleState = 'active' | 'paused' | 'none';

export interface UnmanagedDeployment {
  /** The flow's name on the server (`etl`, or Prefect's default `hello-world`). */
  serverFlow: string;
  /** The deployment's own name (`daily`). */
  name: string;
  /** `flow/name`, as Prefect names a deployment (and `cleanup --deployments` takes it). */
  fullName: string;
  id: string;
  schedule: ScheduleState;
  url: string;
}

/** One of our flows and the unmanaged deployments of it on the server. */
export interface UnmanagedOfFlow {
  /** Our (normalised) flow name. */
  flow: string;
  deployments: UnmanagedDeployment[];
}
