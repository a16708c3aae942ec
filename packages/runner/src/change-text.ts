// One-line descriptions of a planned field change for people: a pool from → to, schedules
// described, environment variables by NAME only (their values may be secrets).
import type { DeploymentScheduleSpec, FieldChange } from '@portal-actions/core';
import { describeSchedules } from './schedule-text.js';

type Json = Record<string, unknown>;

function asRecord(value: unknown): Json {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function envNames(from: unknown, to: unknown): string[] {
  const before = asRecord(from);
  const after = asRecord(to);
  const parts: string[] = [];
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const name of names) {
    if (!(name in before)) parts.push(`+${name}`);
    else if (!(name in after)) parts.push(`-${name}`);
    else if (JSON.stringify(before[name]) !== JSON.stringify(after[name])) parts.push(`~${name}`);
  }
  return parts;
}

function schedulesText(value: unknown): string {
  const items = Array.isArray(value) ? value : [];
  return describeSchedules(
    items.map((schedule) => ({ schedule: asRecord(schedule), active: true }) as DeploymentScheduleSpec),
  );
}

const shown = (value: unknown) =>
  value === null || value === undefined || value === '' ? 'none' : String(value);

export function describeChange(change: FieldChange): string {
  switch (change.field) {
    case 'job_variables': {
      const before = asRecord(change.from);
      const after = asRecord(change.to);
      const env = envNames(before['env'], after['env']);
      const other = [...new Set([...Object.keys(before), ...Object.keys(after)])]
        .filter((key) => key !== 'env' && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
        .sort();
      return [
        ...(env.length > 0 ? [`env ${env.join(' ')}`] : []),
        ...(other.length > 0 ? [`job variables ${other.join(', ')}`] : []),
      ].join('; ');
    }
    case 'schedules':
      return `schedules ${schedulesText(change.from)} → ${schedulesText(change.to)}`;
    case 'work_pool_name':
      return `work pool ${shown(change.from)} → ${shown(change.to)}`;
    case 'work_queue_name':
      return `work queue ${shown(change.from)} → ${shown(change.to)}`;
    case 'paused':
    case 'concurrency_limit':
    case 'version':
      return `${change.field} ${shown(change.from)} → ${shown(change.to)}`;
    default:
      return change.field;
  }
}
