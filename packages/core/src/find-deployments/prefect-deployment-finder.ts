// Finds a project's deployments (the seed's "Find Deployments") through the filter API and
// parses each into DeploymentDetails; names that do not follow our pattern are skipped.
import type { DeploymentDetails } from '../model/deployment.js';
import type { DeploymentFinder, DeploymentQuery } from '../model/operations.js';
import { normaliseFlowName } from '../naming/flow-name.js';
import { flowSegment, toSegment } from '../naming/deployment-name.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';
import { listProjectDeployments } from './list-project-deployments.js';
import { tagValue } from './version-tags.js';

export interface FoundDeployment {
  details: DeploymentDetails;
  deployment: ServerDeployment;
  /** Its name under today's naming when it still has an old variant name; else null. */
  renameTo: string | null;
}

export class PrefectDeploymentFinder implements DeploymentFinder {
  constructor(private readonly api: PrefectApi) {}

  async findDeployments(query: DeploymentQuery): Promise<DeploymentDetails[]> {
    return (await this.find(query)).map((found) => found.details);
  }

  /** The details and the raw server deployments (promote needs both). */
  async find(query: DeploymentQuery): Promise<FoundDeployment[]> {
    const env = query.env === undefined ? undefined : toSegment(query.env);
    const flowParts = query.flows === undefined ? undefined : new Set(query.flows.map(flowSegment));
    const matching = (await listProjectDeployments(this.api, query.project, query.branch)).filter(
      ({ parts }) =>
        (env === undefined || parts.env === env) && (flowParts === undefined || flowParts.has(parts.flow)),
    );
    const flowIds = [...new Set(matching.map((entry) => entry.deployment.flow_id))];
    const flows = flowIds.length > 0 ? await this.api.readFlowsByIds(flowIds) : [];
    const flowNames = new Map(flows.map((flow) => [flow.id, flow.name]));
    return matching
      .map(({ deployment, parts, renameTo }) => {
        const tags = deployment.tags ?? [];
        return {
          deployment,
          renameTo,
          details: {
            name: deployment.name,
            project_name: tagValue(tags, 'PROJECT_NAME') ?? parts.project,
            branch: tagValue(tags, 'BRANCH_NAME') ?? parts.branch,
            flow_name: normaliseFlowName(flowNames.get(deployment.flow_id) ?? parts.flow),
            ...(parts.variant !== null ? { variant: tagValue(tags, 'VARIANT') ?? parts.variant } : {}),
            env: parts.env,
            commit_hash: tagValue(tags, 'COMMIT_HASH'),
            package_version: tagValue(tags, 'PACKAGE_VERSION'),
            tags,
            id: deployment.id,
            created_at: deployment.created ?? null,
            updated_at: deployment.updated ?? null,
            flow_id: deployment.flow_id,
            url: this.api.deploymentUrl(deployment.id),
          },
        };
      })
      .sort((a, b) => a.details.name.localeCompare(b.details.name));
  }
}
