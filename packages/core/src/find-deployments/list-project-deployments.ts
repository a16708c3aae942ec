// The one listing of a project's deployments that deploy, promote and find-flows share: a name
// filter (one request per 200 deployments), then an exact parse of each name.
import { parseDeploymentName, toSegment, type DeploymentNameParts } from '../naming/deployment-name.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';

export interface ListedDeployment {
  deployment: ServerDeployment;
  /** The name's parts, as segments. */
  parts: DeploymentNameParts;
}

/** This project's deployments (in one branch when given); names not of our pattern are skipped. */
export async function listProjectDeployments(
  api: PrefectApi,
  project: string,
  branch?: string,
): Promise<ListedDeployment[]> {
  const projectSegment = toSegment(project);
  const branchSegment = branch === undefined ? undefined : toSegment(branch);
  const prefix =
    branchSegment === undefined ? `${projectSegment}--` : `${projectSegment}--${branchSegment}--`;
  // like_ is a case-insensitive substring match: the exact parse below does the real filtering.
  const found = await api.filterDeployments({ deployments: { name: { like_: prefix } } });
  return found.flatMap((deployment) => {
    const parts = parseDeploymentName(deployment.name);
    const ours =
      parts !== null &&
      parts.project === projectSegment &&
      (branchSegment === undefined || parts.branch === branchSegment);
    return ours ? [{ deployment, parts }] : [];
  });
}
