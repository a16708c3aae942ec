// The Markdown section the deploy summary and the plan comment show about deployments of the
// planned flows that these actions do not manage: one row each, the schedule state, the command.
import type { ScheduleState, UnmanagedOfFlow } from '../model/unmanaged-deployment.js';
import { cleanupDeploymentsArgument } from './unmanaged-warning.js';

const STATE: Record<ScheduleState, string> = {
  active: '⚠️ schedule active: runs double yours',
  paused: 'schedule paused',
  none: 'no schedule',
};

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** No lines when there are none. */
export function unmanagedSection(groups: readonly UnmanagedOfFlow[], heading = '###'): string[] {
  if (groups.length === 0) return [];
  const rows = groups.flatMap((group) =>
    group.deployments.map(
      (deployment) =>
        `| ${codeSpan(group.flow)} | [${codeSpan(deployment.fullName)}](${deployment.url}) | ${STATE[deployment.schedule]} |`,
    ),
  );
  return [
    `${heading} Other deployments of these flows`,
    '',
    'These deployments of the same flows are on the server but not in acme-portal naming, so this deploy does not manage them. ' +
      'Remove them once the switch is done, or pause them:',
    '',
    '| flow | deployment | schedule |',
    '| --- | --- | --- |',
    ...rows,
    '',
    `To remove exactly these: ${codeSpan(`acme-portal cleanup --deployments '${cell(cleanupDeploymentsArgument(groups))}'`)} (plan first with ${codeSpan('--dry-run')}), or the cleanup action's ${codeSpan('deployments')} input.`,
    '',
  ];
}
