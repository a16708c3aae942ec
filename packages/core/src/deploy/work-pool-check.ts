// Before anything is written: every work pool the run names exists, and an image given for the
// whole run fits every pool (one mistake reported once, not once per flow).
import { ConfigurationError, NotFoundError } from '../errors/portal-error.js';
import { poolTakesImage, type PrefectApi, type ServerWorkPool } from '../prefect/prefect-api.js';
import type { DeploymentUnit } from './deployment-units.js';

export async function checkWorkPools(
  api: PrefectApi,
  units: readonly DeploymentUnit[],
  poolOf: (unit: DeploymentUnit) => string | undefined,
  image: string | null | undefined,
): Promise<Map<string, ServerWorkPool>> {
  const poolNames = new Set(units.map(poolOf).filter((pool): pool is string => pool !== undefined));
  const pools = new Map<string, ServerWorkPool>();
  const missingPools: string[] = [];
  await Promise.all(
    [...poolNames].map(async (name) => {
      const pool = await api.readWorkPool(name);
      if (pool) pools.set(name, pool);
      else missingPools.push(name);
    }),
  );
  if (missingPools.length > 0) {
    const users = (pool: string) => [
      ...new Set(units.filter((unit) => poolOf(unit) === pool).map((unit) => unit.flow.name)),
    ];
    throw new NotFoundError(
      `Work pool${missingPools.length > 1 ? 's' : ''} ${missingPools
        .sort()
        .map((pool) => {
          const names = users(pool);
          const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
          return `"${pool}" (used by ${names.slice(0, 5).join(', ')}${more})`;
        })
        .join(', ')} not found on the Prefect server; nothing was deployed.`,
      {
        hint: 'Create the pool first (`prefect work-pool create <name> --type <type>`), or fix `work_pool` in the config file or the `work-pool` input.',
      },
    );
  }
  if (image) {
    const imageless = [...pools.values()].filter((pool) => !poolTakesImage(pool));
    if (imageless.length > 0) {
      throw new ConfigurationError(
        `The image ${image} was given, but work pool${imageless.length > 1 ? 's' : ''} ${imageless
          .map((pool) => `"${pool.name}" (${pool.type})`)
          .join(
            ', ',
          )} ha${imageless.length > 1 ? 've' : 's'} no \`image\` job variable: a process pool runs flows on the worker's own machine; nothing was deployed.`,
        {
          hint: 'Remove the `image` input for this environment, or deploy to a Docker, Kubernetes or ECS work pool.',
        },
      );
    }
  }
  return pools;
}
