// The one listing of a project's deployments that deploy, promote, cleanup and find-flows share:
// a name filter (one request per 200 deployments), then an exact parse of each name, reading
// variant deployments written under the old naming as what they are.
import { parseDeploymentName, toSegment, type DeploymentNameParts } from '../naming/deployment-name.js';
import { currentNameOf, legacyVariantParts } from '../naming/legacy-variant-name.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';
import { tagValue } from './version-tags.js';

export interface ListedDeployment {
  deployment: ServerDeployment;
  /** The name's parts, as segments (a variant deployment's flow and variant as they really are). */
  parts: DeploymentNameParts;
  /**
   * The name today's naming gives it, when it was written under the old variant naming
   * (`{flow}--{variant}`, see naming/legacy-variant-name); null when its name is current.
   */
  renameTo: string | null;
}

/** One deployment's reading, or null when its name is not of our pattern. */
export function readListedDeployment(deployment: ServerDeployment): ListedDeployment | null {
  const parsed = parseDeploymentName(deployment.name);
  if (parsed === null) return null;
  const legacy = legacyVariantParts(parsed, tagValue(deployment.tags, 'VARIANT'));
  return legacy === null
    ? { deployment, parts: parsed, renameTo: null }
    : { deployment, parts: legacy, renameTo: currentNameOf(legacy) };
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
    const listed = readListedDeployment(deployment);
    const ours =
      listed !== null &&
      listed.parts.project === projectSegment &&
      (branchSegment === undefined || listed.parts.branch === branchSegment);
    return ours ? [listed] : [];
  });
}
