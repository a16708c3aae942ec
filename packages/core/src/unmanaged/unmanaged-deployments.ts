// Finds, for the flows a deploy writes, the deployments of the same flows on the server that these
// actions do not manage, with their schedule state: one listing for all flows, never one per flow.
import type { Flow } from '../model/flow.js';
import type { ScheduleState, UnmanagedDeployment, UnmanagedOfFlow } from '../model/unmanaged-deployment.js';
import { parseDeploymentName } from '../naming/deployment-name.js';
import { hyphenFlowName, normaliseFlowName } from '../naming/flow-name.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';

export function scheduleState(deployment: ServerDeployment): ScheduleState {
  const schedules = deployment.schedules ?? [];
  if (schedules.length === 0) return 'none';
  return deployment.paused !== true && schedules.some((schedule) => schedule.active) ? 'active' : 'paused';
}

/**
 * The names a flow may be registered under on the server: ours (normalised), Prefect's default
 * (`hello-world` for `def hello_world`), and the decorator's own `name=`.
 */
function serverNamesOf(flow: Flow): string[] {
  return [flow.name, hyphenFlowName(flow.name), flow.original_name];
}

/**
 * Every deployment of these flows whose name is not of our pattern, grouped by our flow (flows
 * without any are left out). Two requests whatever the number of flows (each paged by 200): the
 * deployments of the flows by name, then the names of the flows they belong to.
 */
export async function findUnmanagedDeployments(
  api: PrefectApi,
  flows: readonly Flow[],
): Promise<UnmanagedOfFlow[]> {
  const ourFlows = new Map(flows.map((flow) => [flow.name, flow]));
  const candidates = [...new Set(flows.flatMap(serverNamesOf))];
  if (candidates.length === 0) return [];
  const found = await api.filterDeployments({ flows: { name: { any_: candidates } } });
  const unmanaged = found.filter((deployment) => parseDeploymentName(deployment.name) === null);
  if (unmanaged.length === 0) return [];
  const serverFlows = new Map(
    (await api.readFlowsByIds(unmanaged.map((deployment) => deployment.flow_id))).map((flow) => [
      flow.id,
      flow.name,
    ]),
  );
  const groups = new Map<string, UnmanagedDeployment[]>();
  for (const deployment of unmanaged) {
    const serverFlow = serverFlows.get(deployment.flow_id);
    if (serverFlow === undefined) continue;
    const flow = ourFlows.get(normaliseFlowName(serverFlow));
    if (!flow) continue;
    groups.set(flow.name, [
      ...(groups.get(flow.name) ?? []),
      {
        serverFlow,
        name: deployment.name,
        fullName: `${serverFlow}/${deployment.name}`,
        id: deployment.id,
        schedule: scheduleState(deployment),
        url: api.deploymentUrl(deployment.id),
      },
    ]);
  }
  return [...groups]
    .map(([flow, deployments]) => ({
      flow,
      deployments: deployments.sort((a, b) => a.fullName.localeCompare(b.fullName)),
    }))
    .sort((a, b) => a.flow.localeCompare(b.flow));
}
