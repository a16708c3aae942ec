// A deployment whose state on the server differs from what the repository says: the drift check's
// unit, below both the deployment drift and the automation drift that report it.
export interface DriftedDeployment {
  name: string;
  flowName: string;
  env: string;
  /** missing: the repository has it, Prefect does not; changed: fields differ; extra: its flow is gone. */
  kind: 'missing' | 'changed' | 'extra';
  /** The differing fields, described (`paused: true → false`, `env: ~LOG_LEVEL`). */
  differences: string[];
  /** The raw field names. */
  fields: string[];
}
