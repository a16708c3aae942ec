// GitHub deployment records, as a port: what runs in an environment and since when, shown on the
// repository's Environments page. Recording is best effort: the runner warns, never fails.

/** The Prefect deployments a record covers (its payload). */
export interface RecordedDeployment {
  name: string;
  flow_name: string;
  id: string | null;
}

export interface DeploymentRecordRequest {
  environment: string;
  /** The commit that now runs there. */
  ref: string;
  description: string;
  deployments: RecordedDeployment[];
}

export type DeploymentRecordState = 'in_progress' | 'success' | 'failure';

export interface DeploymentRecordStatus {
  state: DeploymentRecordState;
  description: string;
  /** The Prefect UI. */
  environmentUrl: string | null;
  /** The workflow run. */
  logUrl: string | null;
}

export interface DeploymentRecorder {
  /** Creates the deployment record; returns its id. */
  create(request: DeploymentRecordRequest): Promise<number>;
  setStatus(recordId: number, status: DeploymentRecordStatus): Promise<void>;
}
