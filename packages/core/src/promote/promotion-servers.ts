// The two sides of a promotion whose environments live on different Prefect servers: the source
// is only read, the target is written, so the target's pools and flows are its own.
import { NotFoundError } from '../errors/portal-error.js';
import type { PlanItem } from '../plan/plan.js';
import type { PrefectApi, ServerVersion } from '../prefect/prefect-api.js';

export interface PromotionServer {
  apiUrl: string;
  version: ServerVersion;
}

/** Named in the plan and the summary when source and target differ. */
export interface PromotionServers {
  source: PromotionServer;
  target: PromotionServer;
}

export function describeServer(server: PromotionServer): string {
  return `${server.version.isCloud ? 'Prefect Cloud' : `Prefect ${server.version.version}`} at ${server.apiUrl}`;
}

/**
 * The target's work pools, checked before anything is written: a pool named on the source's
 * server may not exist on the target's, and a half-written promotion is worse than none.
 */
export async function checkTargetPools(target: PrefectApi, items: readonly PlanItem[]): Promise<void> {
  const users = new Map<string, string[]>();
  for (const item of items) {
    if (!item.spec || (item.action !== 'create' && item.action !== 'update' && item.action !== 'rename'))
      continue;
    const pool = item.spec.work_pool_name;
    users.set(pool, [...(users.get(pool) ?? []), item.name]);
  }
  const missing: string[] = [];
  await Promise.all(
    [...users.keys()].map(async (pool) => {
      if (!(await target.readWorkPool(pool))) missing.push(pool);
    }),
  );
  if (missing.length === 0) return;
  throw new NotFoundError(
    `Work pool${missing.length > 1 ? 's' : ''} ${missing
      .sort()
      .map((pool) => `"${pool}" (for ${users.get(pool)!.slice(0, 5).join(', ')})`)
      .join(', ')} not found on the target server ${target.apiUrl}; nothing was promoted.`,
    {
      hint: "Create the pool on the target's server first, or set the target environment's `work_pool` in the config file.",
    },
  );
}

/** One `POST /flows/` per flow name on the target (create-or-read), shared by its deployments. */
export function targetFlowIds(target: PrefectApi): (flowName: string) => Promise<string> {
  const ids = new Map<string, Promise<string>>();
  return (flowName) => {
    let id = ids.get(flowName);
    if (!id) {
      id = target.createFlow(flowName).then((flow) => flow.id);
      ids.set(flowName, id);
    }
    return id;
  };
}
