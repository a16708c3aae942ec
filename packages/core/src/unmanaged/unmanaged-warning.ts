// The warning a deploy gives per flow that has deployments it does not manage: which, whether
// their schedules fire, and how to remove them (`cleanup --deployments`) or pause them.
import type { ScheduleState, UnmanagedOfFlow } from '../model/unmanaged-deployment.js';

const STATE: Record<ScheduleState, string> = {
  active: 'schedule active',
  paused: 'schedule paused',
  none: 'no schedule',
};

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The `--deployments` value (and cleanup input) that removes exactly these deployments. */
export function cleanupDeploymentsArgument(groups: readonly UnmanagedOfFlow[]): string {
  return groups.flatMap((group) => group.deployments.map((deployment) => deployment.fullName)).join(',');
}

/**
 * "flow etl also has etl/daily (schedule active) — its runs will double yours; remove it or pause
 * it", plus the cleanup command that removes them.
 */
export function unmanagedWarning(group: UnmanagedOfFlow): string {
  const { deployments } = group;
  const one = deployments.length === 1;
  const them = one ? 'it' : 'them';
  const listed = joinAnd(
    deployments.map((deployment) => `${deployment.fullName} (${STATE[deployment.schedule]})`),
  );
  const active = deployments.filter((deployment) => deployment.schedule === 'active').length;
  const consequence =
    active === 0
      ? `nothing schedules ${them} now, but ${one ? 'it still runs' : 'they still run'} old settings when started; remove ${them} once the switch is done`
      : `${one ? 'its' : active === 1 ? 'the active one’s' : 'the active ones’'} runs will double yours; remove ${them} or pause ${them}`;
  return `flow ${group.flow} also has ${listed} — ${consequence} (remove with: acme-portal cleanup --deployments '${cleanupDeploymentsArgument([group])}').`;
}
