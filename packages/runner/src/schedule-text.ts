// One-line descriptions of Prefect schedules for summary tables: `cron 0 6 * * * (UTC)`.
import type { DeploymentScheduleSpec } from '@portal-actions/core';

export function describeSchedule(item: Pick<DeploymentScheduleSpec, 'schedule' | 'active'>): string {
  const schedule = item.schedule as Record<string, unknown>;
  const zone = schedule.timezone ? ` (${String(schedule.timezone)})` : '';
  let text: string;
  if (typeof schedule.cron === 'string') text = `cron ${schedule.cron}${zone}`;
  else if (schedule.interval !== undefined) text = `every ${formatSeconds(Number(schedule.interval))}${zone}`;
  else if (typeof schedule.rrule === 'string') text = `rrule ${schedule.rrule.replace(/\s+/g, ' ')}${zone}`;
  else text = 'schedule';
  return item.active ? text : `${text}, inactive`;
}

function formatSeconds(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}min`;
  return `${seconds}s`;
}

export function describeSchedules(
  items: readonly Pick<DeploymentScheduleSpec, 'schedule' | 'active'>[],
): string {
  return items.length === 0 ? 'none' : items.map(describeSchedule).join('; ');
}
