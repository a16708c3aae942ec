// The cleanup job summary: what was chosen and why, on which servers, then one row per deployment
// with what happened to it. Pure, so tests read exactly what a person sees.
import type { CleanupRun } from './cleanup.js';
import { code, escapeCell, markdownTable, statusTotals } from '@portal-actions/runner';

const STATUS: Record<string, string> = {
  deleted: '🗑️ deleted',
  'already-deleted': '➖ already deleted',
  planned: '📝 planned',
  failed: '❌ failed',
};

export function cleanupSummary({ result, project, target }: CleanupRun, dryRun: boolean): string {
  const named = target.kind === 'deployments';
  const what =
    target.kind === 'branches'
      ? `deployments of ${target.branches.map(code).join(', ')}`
      : target.kind === 'deployments'
        ? `the named deployments outside acme-portal naming ${target.deployments.map(code).join(', ')}`
        : `deployments of branches that no longer exist (kept: ${target.keepBranches.map(code).join(', ')})`;
  // One server: named once; several: a column says where each deletion happens.
  const apart = result.servers.length > 1;
  const where = apart
    ? ` on ${result.servers.length} Prefect servers (${result.servers.map(code).join(', ')})`
    : result.servers.length === 1
      ? ` on ${code(result.servers[0]!)}`
      : '';
  const lines = [
    `## ${dryRun ? 'Cleanup plan (dry run)' : 'Cleanup'}: ${escapeCell(project)}`,
    '',
    `${what}${where}. **${result.outcomes.length === 0 ? 'nothing to delete' : statusTotals(result.outcomes)}.**`,
    '',
  ];
  if (result.refused) lines.push(`> ❌ ${escapeCell(result.refused)}`, '');
  if (result.outcomes.length > 0) {
    lines.push(
      markdownTable(
        ['deployment', ...(named ? ['flow'] : ['branch', 'env']), ...(apart ? ['server'] : []), 'status'],
        result.outcomes.map((outcome) => [
          code(outcome.name),
          ...(named ? [code(outcome.flow)] : [code(outcome.branch ?? ''), code(outcome.env ?? '')]),
          ...(apart ? [code(outcome.server)] : []),
          escapeCell(
            outcome.error ? `${STATUS.failed}: ${outcome.error}` : (STATUS[outcome.status] ?? outcome.status),
          ),
        ]),
      ),
    );
  }
  if (result.automations.length > 0) {
    // The server keeps a deployment's automations when it is deleted: these went with them.
    lines.push(
      '',
      markdownTable(
        ['automation', 'ran deployment', ...(apart ? ['server'] : []), 'status'],
        result.automations.map((outcome) => [
          code(outcome.name),
          code(outcome.deployment),
          ...(apart ? [code(outcome.server)] : []),
          escapeCell(
            outcome.error ? `${STATUS.failed}: ${outcome.error}` : (STATUS[outcome.status] ?? outcome.status),
          ),
        ]),
      ),
    );
  }
  return lines.join('\n');
}
