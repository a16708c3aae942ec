// Variant deployments still under the old naming (`{flow}--{variant}`) are renamed by the deploy
// or promotion that writes them. Prefect cannot rename a deployment (PATCH refuses `name`), so a
// rename writes the new deployment first and deletes the old one only once that write succeeded:
// a failure leaves the old one running, never neither; the next run finishes the job.
import { PortalError, describeError } from '../errors/portal-error.js';
import type { ListedDeployment } from '../find-deployments/list-project-deployments.js';
import type { FieldChange } from '../plan/deployment-diff.js';
import type { PlanItem } from '../plan/plan.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';

export interface ExistingByName {
  /** Deployments under today's names. */
  current: Map<string, ServerDeployment>;
  /** Deployments under an old variant name, by the name they are renamed to. */
  renames: Map<string, ServerDeployment>;
}

export function existingByName(listed: readonly ListedDeployment[]): ExistingByName {
  const current = new Map<string, ServerDeployment>();
  const renames = new Map<string, ServerDeployment>();
  for (const { deployment, renameTo } of listed) {
    if (renameTo === null) current.set(deployment.name, deployment);
    else renames.set(renameTo, deployment);
  }
  return { current, renames };
}

/**
 * A planned write of `item.name` becomes a rename when the deployment still stands under its old
 * name: the plan shows old → new, and the changes against what the new one replaces.
 */
export function asRename(
  item: PlanItem,
  old: ServerDeployment | undefined,
  diff: (existing: ServerDeployment) => FieldChange[],
): PlanItem {
  if (old === undefined || item.spec === null) return item;
  return {
    ...item,
    action: 'rename',
    renameFrom: old,
    changes: item.existing ? item.changes : diff(old),
  };
}

/** The write a rename starts with: the new name created, or brought up to date when it exists. */
export function renameWrite(item: PlanItem): PlanItem {
  const action = item.existing === null ? 'create' : item.changes.length > 0 ? 'update' : 'unchanged';
  return { ...item, action };
}

/** After the new deployment was written: the old one deleted, the outcome `renamed`. */
export async function finishRename<Outcome extends { status: string }>(
  api: PrefectApi,
  item: PlanItem,
  written: Outcome,
): Promise<Outcome & { status: 'renamed'; renamed_from: string }> {
  const old = item.renameFrom!;
  try {
    await api.deleteDeployment(old.id);
  } catch (error) {
    throw new PortalError(
      `${item.name} was written, but its old deployment ${old.name} could not be deleted (${describeError(error)}); both run now.`,
      { hint: 'Run the deploy again: it deletes the old one (or pause it in the Prefect UI).', cause: error },
    );
  }
  return { ...written, status: 'renamed', renamed_from: old.name };
}
