// A deployment trigger as the config declares it, normalised to the JSON Prefect 3.8.3's client
// models produce (every default filled), with `{deployment:<flow>}` references still unresolved.

/** A Prefect trigger object (`type: event | compound | sequence | metric`) in the JSON the server takes. */
export type TriggerJson = Record<string, unknown>;

/** One item of a `triggers` setting: the automation fields and the trigger itself. */
export interface DeploymentTrigger {
  /** The automation's name; null: `<deployment name>__automation_<n>`, as `prefect deploy` names it. */
  name: string | null;
  description: string;
  enabled: boolean;
  /** Run parameters of the triggered run (Jinja text passed through); null: the deployment's own. */
  parameters: Record<string, unknown> | null;
  /** Job variables of the triggered run; null: the deployment's own. */
  job_variables: Record<string, unknown> | null;
  /** Seconds to wait before the triggered run starts. */
  schedule_after: number;
  trigger: TriggerJson;
  /** Written as the shorthand `after: <flow>`: the flow (and `/variant`) it waits for. */
  after?: string;
}

/** A trigger with where it was written, for errors that point at the config line. */
export interface TriggerSetting {
  trigger: DeploymentTrigger;
  location?: { file: string; line?: number; column?: number };
}

/** The flow-run states Prefect names in `prefect.flow-run.<state>` events. */
export const FLOW_RUN_STATE_NAMES = [
  'Scheduled',
  'Late',
  'AwaitingRetry',
  'AwaitingConcurrencySlot',
  'Pending',
  'Running',
  'Retrying',
  'Paused',
  'Suspended',
  'Completed',
  'Cached',
  'RolledBack',
  'Failed',
  'Crashed',
  'Cancelling',
  'Cancelled',
  'TimedOut',
] as const;

/** Every trigger in a tree (a composite's children after it). */
export function allTriggers(trigger: TriggerJson): TriggerJson[] {
  const children = Array.isArray(trigger.triggers) ? (trigger.triggers as TriggerJson[]) : [];
  return [trigger, ...children.flatMap(allTriggers)];
}

export function usesMetric(trigger: TriggerJson): boolean {
  return allTriggers(trigger).some((each) => each.type === 'metric');
}

/** One short line per trigger, for tables and JSON outputs: `after extract (Completed)`. */
export function describeTrigger(item: DeploymentTrigger): string {
  if (item.after !== undefined) {
    const states = (item.trigger.expect as string[]).map((event) =>
      event.replace(/^prefect\.flow-run\./, ''),
    );
    return `after ${item.after} (${states.join(', ')})${item.enabled ? '' : ' [disabled]'}`;
  }
  return `${describeJson(item.trigger)}${item.enabled ? '' : ' [disabled]'}`;
}

function describeJson(trigger: TriggerJson): string {
  const children = Array.isArray(trigger.triggers) ? (trigger.triggers as TriggerJson[]) : [];
  switch (trigger.type) {
    case 'compound':
      return `${String(trigger.require)} of (${children.map(describeJson).join('; ')})`;
    case 'sequence':
      return `sequence (${children.map(describeJson).join(' → ')})`;
    case 'metric': {
      const metric = trigger.metric as Record<string, unknown>;
      return `metric ${String(metric.name)} ${String(metric.operator)} ${String(metric.threshold)}`;
    }
    default: {
      const expect = (trigger.expect as string[]) ?? [];
      const posture = trigger.posture === 'Proactive' ? 'absent ' : '';
      return `event ${posture}${expect.length > 0 ? expect.join(' | ') : 'any'}`;
    }
  }
}
