// The promote job summary: per flow, source → target, commit and package version before and
// after, status and link; then every error in full.
import { describeServer, type PromoteResult } from '@portal-actions/core';
import { code, escapeCell, link, markdownTable, errorLines, statusTotals } from '@portal-actions/runner';

const STATUS_ICON: Record<string, string> = {
  created: '🆕 created',
  updated: '⬆️ promoted',
  unchanged: '✅ already there',
  failed: '❌ failed',
  planned: '📝 planned',
};

const shortSha = (sha: string | null) => (sha ? code(sha.slice(0, 12)) : '—');

export interface PromoteSummaryContext {
  project: string;
  branch: string;
  sourceEnv: string;
  targetEnv: string;
  dryRun: boolean;
  expectedCommit: string | null;
}

export function promoteSummary(result: PromoteResult, context: PromoteSummaryContext): string {
  const totals = statusTotals(result.outcomes);
  const lines = [
    `## ${context.dryRun ? 'Promotion plan (dry run)' : 'Promotion'}: ${escapeCell(context.sourceEnv)} → ${escapeCell(context.targetEnv)}`,
    '',
    `Project ${code(context.project)}, branch ${code(context.branch)}${context.expectedCommit ? `, pinned to commit ${code(context.expectedCommit)}` : ''}. **${totals}.**`,
    '',
  ];
  if (result.servers) {
    lines.push(
      `From ${escapeCell(describeServer(result.servers.source))} to ${escapeCell(describeServer(result.servers.target))}.`,
      '',
    );
  }
  if (context.dryRun) lines.push('Nothing was written: this is the plan against what is deployed now.', '');
  const rows = result.steps.map((step, index) => {
    const outcome = result.outcomes[index]!;
    return [
      code(step.item.flowName) +
        (step.item.variant !== undefined ? ` (variant ${code(step.item.variant)})` : ''),
      link(code(step.source.details.name), step.source.details.url),
      link(code(step.item.name), outcome.url),
      `${shortSha(step.fromCommit)} → ${shortSha(step.toCommit)}`,
      `${step.fromVersion ? code(step.fromVersion) : '—'} → ${step.packageVersion ? code(step.packageVersion) : '—'}`,
      STATUS_ICON[outcome.status] ?? outcome.status,
      escapeCell(
        step.item.action === 'update' ? step.item.changes.map((change) => change.field).join(', ') : '',
      ),
    ];
  });
  lines.push(
    markdownTable(['flow', 'source', 'target', 'commit', 'package version', 'status', 'changes'], rows),
  );
  lines.push(...errorLines(result.outcomes));
  return lines.join('\n');
}
