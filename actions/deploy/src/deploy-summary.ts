// The deploy job summary: one row per deployment (status, changes, version, schedule, link),
// then every error in full. Pure, so tests read exactly what a person sees.
import {
  describeChange,
  unmanagedSection,
  type DeployResult,
  type PlanItem,
  type PrefectTraffic,
} from '@portal-actions/core';
import {
  automationSummaryLines,
  code,
  describeSchedules,
  escapeCell,
  link,
  markdownTable,
  errorLines,
  statusTotals,
  trafficLine,
} from '@portal-actions/runner';

const STATUS_ICON: Record<string, string> = {
  created: '🆕 created',
  updated: '✏️ updated',
  renamed: '🔀 renamed',
  unchanged: '✅ unchanged',
  deleted: '🗑️ deleted',
  failed: '❌ failed',
  planned: '📝 planned',
};

function changeText(item: PlanItem): string {
  switch (item.action) {
    case 'create':
      return 'new deployment';
    case 'delete':
      return `delete: ${item.reason ?? ''}`;
    case 'rename':
      return renameText(item);
    case 'update':
      return item.changes.map((change) => change.field).join(', ');
    default:
      return '';
  }
}

/** `renamed from p--main--etl--eu--dev (old variant naming)`, then any other changes. */
function renameText(item: PlanItem): string {
  const fields = item.changes.map((change) => change.field);
  return `renamed from ${item.renameFrom!.name} (old variant naming)${fields.length > 0 ? `; ${fields.join(', ')}` : ''}`;
}

export interface DeploySummaryContext {
  env: string;
  project: string;
  branch: string;
  commit: string;
  packageVersion: string;
  dryRun: boolean;
  manifestPath: string | null;
  /** How the run talked to Prefect; no line when absent. */
  traffic?: PrefectTraffic;
}

export function deploySummary(result: DeployResult, context: DeploySummaryContext): string {
  const totals = statusTotals(result.outcomes);
  const server = result.server.isCloud ? 'Prefect Cloud' : `Prefect ${result.server.version}`;
  const lines = [
    `## ${context.dryRun ? 'Deploy plan (dry run)' : 'Deploy'}: ${escapeCell(context.project)} → ${escapeCell(context.env)}`,
    '',
    `Branch ${code(context.branch)}, commit ${code(context.commit.slice(0, 12))}, package version ${code(context.packageVersion)}, ${server}. **${totals}.**`,
    '',
  ];
  if (context.dryRun) lines.push('Nothing was written: this is the plan against what is deployed now.', '');
  const rows = result.plan.items.map((item, index) => {
    const outcome = result.outcomes[index]!;
    return [
      code(item.flowName),
      link(code(item.name), outcome.url),
      STATUS_ICON[outcome.status] ?? outcome.status,
      escapeCell(outcome.status === 'failed' ? 'see errors below' : changeText(item)),
      item.spec ? code(item.spec.version) : '',
      escapeCell(item.spec ? describeSchedules(item.spec.schedules) : ''),
    ];
  });
  lines.push(markdownTable(['flow', 'deployment', 'status', 'changes', 'version', 'schedules'], rows));
  const updates = result.plan.items.filter((item) => item.action === 'update');
  if (context.dryRun && updates.length > 0) {
    lines.push('<details><summary>Changes per deployment</summary>', '');
    for (const item of updates) {
      lines.push(`**${escapeCell(item.name)}**`, '');
      for (const change of item.changes) {
        // Environment variables by name only: their values may be secrets or internal addresses.
        lines.push(
          change.field === 'job_variables'
            ? `- \`job_variables\`: ${escapeCell(describeChange(change).join('; '))}`
            : `- \`${change.field}\`: ${short(change.from)} → ${short(change.to)}`,
        );
      }
      lines.push('');
    }
    lines.push('</details>', '');
  }
  lines.push(...unmanagedSection(result.plan.unmanaged ?? []));
  lines.push(...automationSummaryLines(result.plan.automations, result.automations));
  lines.push(...errorLines(result.outcomes));
  if (context.manifestPath) lines.push(`Manifest written to ${code(context.manifestPath)}.`, '');
  if (context.traffic) lines.push(trafficLine(context.traffic), '');
  return lines.join('\n');
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return `\`${(text.length > 120 ? `${text.slice(0, 117)}...` : text).replace(/`/g, "'")}\``;
}
