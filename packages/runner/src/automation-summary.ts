// The triggers section of the deploy and promote job summaries: one row per automation written,
// kept or deleted, with what it does and any error in full.
import {
  automationActionText,
  automationChangeText,
  type AutomationOutcome,
  type AutomationPlan,
} from '@portal-actions/core';
import { code, escapeCell, markdownTable } from './markdown-table.js';

const STATUS: Record<AutomationOutcome['status'], string> = {
  created: '🆕 created',
  updated: '✏️ updated',
  unchanged: '✅ unchanged',
  deleted: '🗑️ deleted',
  planned: '📝 planned',
  failed: '❌ failed',
};

export function automationSummaryLines(
  plan: AutomationPlan | undefined,
  outcomes: readonly AutomationOutcome[],
): string[] {
  if (!plan || plan.changes.length === 0) return [];
  const outcomeOf = new Map(
    outcomes.map((outcome) => [`${outcome.deployment}\u0000${outcome.name}`, outcome]),
  );
  const rows = plan.changes.map((change) => {
    const outcome = outcomeOf.get(`${change.deployment}\u0000${change.name}`);
    const status = outcome ? STATUS[outcome.status] : automationActionText(change);
    const text = outcome?.error ?? automationChangeText(change);
    return [code(change.deployment), code(change.name), status, escapeCell(text)];
  });
  return [
    '### Triggers (Prefect automations)',
    '',
    markdownTable(['deployment', 'automation', 'status', 'trigger'], rows),
    '',
  ];
}
