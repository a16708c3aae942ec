// What a deploy plan says about the deployments of its flows that it does not manage: one warning
// per flow. Reading them never fails a deploy: a failed read is itself a warning.
import { describeError } from '../errors/portal-error.js';
import type { Flow } from '../model/flow.js';
import type { Progress } from '../model/progress.js';
import type { UnmanagedOfFlow } from '../model/unmanaged-deployment.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import { findUnmanagedDeployments } from './unmanaged-deployments.js';
import { unmanagedWarning } from './unmanaged-warning.js';

/** Started beside the plan's own reads; resolves (never rejects) once every warning is given. */
export async function unmanagedOfPlan(
  api: PrefectApi,
  flows: readonly Flow[],
  progress: Progress,
): Promise<UnmanagedOfFlow[]> {
  try {
    const groups = await findUnmanagedDeployments(api, flows);
    for (const group of groups) progress.warning(unmanagedWarning(group));
    return groups;
  } catch (error) {
    progress.warning(
      `Could not check for deployments of these flows that acme-portal does not manage: ${describeError(error)}`,
    );
    return [];
  }
}
