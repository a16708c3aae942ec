// The promote job summary: per flow, source → target, commit and package version before and
// after, status and link; then every error in full.
import {
  describeItemChanges,
  describeLastRun,
  describeServer,
  type PrefectTraffic,
  type PromoteResult,
  type RunEvidence,
  type SmokeRun,
} from '@portal-actions/core';
import {
  automationSummaryLines,
  code,
  escapeCell,
  link,
  markdownTable,
  errorLines,
  smokeSummaryLines,
  statusTotals,
  trafficLine,
} from '@portal-actions/runner';
import type { PromotionChange } from './promotion-changes.js';

const STATUS_ICON: Record<string, string> = {
  created: '🆕 created',
  updated: '⬆️ promoted',
  unchanged: '✅ already there',
  renamed: '🔀 promoted, renamed',
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
  /** Per source deployment id. */
  evidence?: Map<string, RunEvidence>;
  /** Per step. */
  changes?: PromotionChange[];
  smokeRuns?: SmokeRun[];
  /** How the run talked to Prefect; no line when absent. */
  traffic?: PrefectTraffic;
}

const RUN_ICON: Record<string, string> = { COMPLETED: '✅', FAILED: '❌', CRASHED: '💥', CANCELLED: '🚫' };

function lastRunCell(evidence: RunEvidence | undefined): string {
  if (!evidence) return '';
  const last = evidence.lastRun;
  const text = `${last?.state ? (RUN_ICON[last.state] ?? '⏳') + ' ' : ''}${describeLastRun(last)}`;
  const cell = link(escapeCell(text), last?.url ?? null);
  return evidence.success && evidence.success.id !== last?.id
    ? `${cell} (${link('completed', evidence.success.url)} at this version)`
    : cell;
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
    const compare = context.changes?.[index]?.compare_url ?? null;
    return [
      code(step.item.flowName) +
        (step.item.variant !== undefined ? ` (variant ${code(step.item.variant)})` : ''),
      link(code(step.source.details.name), step.source.details.url),
      lastRunCell(context.evidence?.get(step.source.deployment.id)),
      link(code(step.item.name), outcome.url),
      `${shortSha(step.fromCommit)} → ${shortSha(step.toCommit)}${compare ? ` (${link('compare', compare)})` : ''}`,
      `${step.fromVersion ? code(step.fromVersion) : '—'} → ${step.packageVersion ? code(step.packageVersion) : '—'}`,
      STATUS_ICON[outcome.status] ?? outcome.status,
      escapeCell(
        step.item.action === 'update'
          ? describeItemChanges(step.item).join('; ')
          : step.item.action === 'create'
            ? 'new deployment'
            : step.item.action === 'rename'
              ? [
                  `renamed from ${step.item.renameFrom!.name} (old variant naming)`,
                  ...describeItemChanges(step.item),
                ].join('; ')
              : '',
      ),
    ];
  });
  lines.push(
    markdownTable(
      ['flow', 'source', 'source last run', 'target', 'commit', 'package version', 'status', 'changes'],
      rows,
    ),
  );
  lines.push(...commitLines(result, context.changes ?? []));
  lines.push(...(context.smokeRuns ? smokeSummaryLines(context.smokeRuns) : []));
  lines.push(...automationSummaryLines(result.plan.automations, result.automations));
  lines.push(...errorLines(result.outcomes));
  if (context.traffic) lines.push(trafficLine(context.traffic), '');
  return lines.join('\n');
}

/** The commits each distinct from...to range brings, once per range. */
function commitLines(result: PromoteResult, changes: readonly PromotionChange[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  result.steps.forEach((step, index) => {
    const change = changes[index];
    if (!change?.commits || !change.compare_url || seen.has(change.compare_url)) return;
    seen.add(change.compare_url);
    const flows = result.steps
      .filter((other, at) => changes[at]?.compare_url === change.compare_url && other)
      .map((other) => other.item.flowName);
    lines.push(
      `<details><summary>${change.total_commits ?? change.commits.length} commit${change.total_commits === 1 ? '' : 's'} ${shortSha(step.fromCommit)} → ${shortSha(step.toCommit)} (${escapeCell(flows.join(', '))})</summary>`,
      '',
      ...change.commits.map(
        (commit) =>
          `- ${code(commit.sha.slice(0, 7))} ${escapeCell(commit.title)}${commit.author ? ` (${escapeCell(commit.author)})` : ''}`,
      ),
      ...(change.total_commits !== null && change.total_commits > change.commits.length
        ? [
            `- … and ${change.total_commits - change.commits.length} more: ${link('compare', change.compare_url)}`,
          ]
        : []),
      '',
      '</details>',
      '',
    );
  });
  return lines;
}
