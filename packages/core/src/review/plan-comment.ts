// The pull-request comment that shows a deploy plan: per deployment create / update (what
// changes) / delete / refused, unchanged ones as a count, a link to the run; a hidden marker
// names the environment and config file so the next push edits the same comment.
import type { Plan, PlanItem } from '../plan/plan.js';
import { unmanagedSection } from '../unmanaged/unmanaged-section.js';
import { automationActionText, automationChangeText, changingAutomations } from './automation-changes.js';
import { describeItemChanges } from './describe-change.js';

/** GitHub refuses a comment body over 65,536 characters; rows stop well before. */
const BODY_LIMIT = 60_000;

export interface PlanCommentContext {
  project: string;
  env: string;
  /** The config file as the `config` input names it. */
  configFile: string;
  branch: string;
  commit: string;
  /** The workflow run, for the link; null outside a runner. */
  runUrl: string | null;
  /** Deployment name → its page in the Prefect UI. */
  urlOf?: (item: PlanItem) => string | null;
}

/** The hidden line that identifies a plan comment: one per environment and config file. */
export function planCommentMarker(env: string, configFile: string): string {
  const clean = (text: string) => text.replace(/--+/g, '-').replace(/[<>"]/g, '');
  return `<!-- acme/portal-actions plan env="${clean(env)}" config="${clean(configFile)}" -->`;
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function row(item: PlanItem, urlOf: PlanCommentContext['urlOf']): string {
  const url = urlOf?.(item) ?? null;
  const name = url ? `[${codeSpan(item.name)}](${url})` : codeSpan(item.name);
  switch (item.action) {
    case 'create':
      return `| ${name} | 🆕 create | new deployment |`;
    case 'update':
      return `| ${name} | ✏️ update | ${cell(describeItemChanges(item).join('; '))} |`;
    case 'delete':
      return `| ${name} | 🗑️ delete | ${cell(item.reason ?? '')} |`;
    case 'rename':
      return `| ${name} | 🔀 rename | ${cell(renameChanges(item))} |`;
    default:
      return `| ${name} | ❌ refused | ${cell(item.reason ?? '')} |`;
  }
}

/** From the old variant name, then what else changes (the variant now stands before the flow). */
function renameChanges(item: PlanItem): string {
  return [`from ${codeSpan(item.renameFrom!.name)} (old variant naming)`, ...describeItemChanges(item)].join(
    '; ',
  );
}

function totals(plan: Plan): string {
  const triggers = changingAutomations(plan.automations).length;
  const deployments = deploymentTotals(plan);
  if (triggers === 0) return deployments;
  return `${deployments}, ${triggers} trigger${triggers === 1 ? '' : 's'} to change`;
}

function deploymentTotals(plan: Plan): string {
  const count = (action: PlanItem['action']) => plan.items.filter((item) => item.action === action).length;
  const parts = [
    [count('create'), 'to create'],
    [count('update'), 'to update'],
    [count('rename'), 'to rename'],
    [count('delete'), 'to delete'],
    [count('refuse'), 'refused'],
    [count('unchanged'), 'unchanged'],
  ] as const;
  return (
    parts
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${n} ${what}`)
      .join(', ') || 'nothing to deploy'
  );
}

export function planCommentBody(plan: Plan, context: PlanCommentContext): string {
  const head = [
    planCommentMarker(context.env, context.configFile),
    `### Deploy plan: ${cell(context.project)} → ${cell(context.env)}`,
    '',
    `Branch ${codeSpan(context.branch)} at ${codeSpan(context.commit.slice(0, 12))}, config ${codeSpan(context.configFile)}: **${totals(plan)}.**`,
    '',
  ];
  const changing = plan.items.filter((item) => item.action !== 'unchanged');
  const unchanged = plan.items.length - changing.length;
  const foot = [
    '',
    ...(unchanged > 0 ? [`${unchanged} deployment${unchanged === 1 ? '' : 's'} unchanged.`, ''] : []),
    ...unmanagedSection(plan.unmanaged ?? [], '####'),
    'Environment variables are listed by name only. ' +
      (context.runUrl ? `[The run](${context.runUrl}) has the full plan in its summary.` : ''),
  ];
  const rows: string[] = [];
  if (changing.length > 0) rows.push('| deployment | action | changes |', '| --- | --- | --- |');
  let size = [...head, ...foot].join('\n').length;
  for (const [index, item] of changing.entries()) {
    const line = row(item, context.urlOf);
    if (size + line.length + 200 > BODY_LIMIT) {
      rows.push('', `… and ${changing.length - index} more: the run's summary lists them all.`);
      break;
    }
    rows.push(line);
    size += line.length + 1;
  }
  const automations = changingAutomations(plan.automations);
  if (automations.length > 0) {
    rows.push(
      '',
      '**Triggers (Prefect automations)**',
      '',
      '| deployment | automation | action | trigger |',
      '| --- | --- | --- | --- |',
    );
    for (const change of automations.slice(0, 200)) {
      rows.push(
        `| ${codeSpan(change.deployment)} | ${codeSpan(change.name)} | ${automationActionText(change)} | ${cell(automationChangeText(change))} |`,
      );
    }
  }
  return [...head, ...rows, ...foot].join('\n').trimEnd() + '\n';
}
