// The facts of one CI run that every deployment of it records: which code, built where.
import type { VersionInfo } from '../model/deployment.js';

export interface RunFacts {
  project: string;
  /** The branch as Git knows it (kept whole in the BRANCH_NAME tag). */
  branch: string;
  /** Full commit SHA. */
  commit: string;
  packageVersion: string;
  /** Image for every flow, placeholders already filled; overrides the config. */
  image?: string;
  /** Sent as the deployment's `version_info` when the server takes it. */
  versionInfo?: VersionInfo;
  /** Work pool for every flow; overrides the config. */
  workPool?: string;
}
