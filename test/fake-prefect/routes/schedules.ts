// Deployment schedules as Prefect stores them: the normalised cron / interval / rrule shape, new records with
// fresh ids, and the /deployments/{id}/schedules sub-routes (GET, POST a bare array, PATCH and DELETE one).

import type { RequestContext, Router } from '../http/router.js';
import { detail, json, noContent, type Reply } from '../http/replies.js';
import { newId } from '../state/ids.js';
import type { DeploymentRecord, JsonObject, ScheduleRecord } from '../state/records.js';
import { intervalSeconds, withRruleAnchor } from '../validation/schedule-checks.js';
import type { ApiContext } from './api-context.js';
import { presentSchedule, schedulesInResponseOrder } from './responses.js';

/** A schedule item of a request body, already validated. */
export type ScheduleItem = JsonObject & { schedule?: JsonObject | null; slug?: string | null };

export function addScheduleRoutes(router: Router, api: ApiContext): void {
  router.add('GET', '/deployments/{id:uuid}/schedules', (request) => readSchedules(api, request));
  router.add('POST', '/deployments/{id:uuid}/schedules', (request) => createSchedules(api, request));
  router.add('PATCH', '/deployments/{id:uuid}/schedules/{schedule_id:uuid}', (request) =>
    updateSchedule(api, request),
  );
  router.add('DELETE', '/deployments/{id:uuid}/schedules/{schedule_id:uuid}', (request) =>
    deleteSchedule(api, request),
  );
}

/** The shape Prefect stores: cron keeps a null timezone, intervals get an anchor and "UTC", rrules a DTSTART (3.x). */
export function normaliseSchedule(api: ApiContext, schedule: JsonObject): JsonObject {
  if ('cron' in schedule) {
    return {
      cron: schedule['cron'],
      timezone: schedule['timezone'] ?? null,
      day_or: schedule['day_or'] ?? true,
    };
  }
  if ('interval' in schedule) {
    const anchor = schedule['anchor_date'];
    return {
      interval: intervalSeconds(schedule['interval']) ?? 0,
      anchor_date: typeof anchor === 'string' ? normaliseDateTime(anchor) : api.clock.now(),
      timezone: schedule['timezone'] ?? 'UTC',
    };
  }
  const timezone = 'timezone' in schedule ? ((schedule['timezone'] as string | null) ?? null) : 'UTC';
  const rrule = String(schedule['rrule']);
  return { rrule: api.profile.legacy ? rrule : withRruleAnchor(rrule, timezone), timezone };
}

/** pydantic's rendering of a datetime: `T`, microseconds only when present, `Z` for UTC (a naive time is UTC). */
export function normaliseDateTime(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::(\d{2}))?(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})?$/.exec(
    value,
  );
  if (!match) return value;
  const [, date, hoursMinutes, seconds, fraction, offset] = match;
  const micros = (fraction ?? '').padEnd(6, '0').slice(0, 6);
  const zone =
    !offset || /^(z|[+-]00:?00)$/i.test(offset)
      ? 'Z'
      : offset.includes(':')
        ? offset
        : `${offset.slice(0, 3)}:${offset.slice(3)}`;
  return `${date}T${hoursMinutes}:${seconds ?? '00'}${/^0*$/.test(micros) ? '' : `.${micros}`}${zone}`;
}

export interface NewScheduleOptions {
  /** POST /deployments/ and PATCH's replace path drop max_scheduled_runs; the sub-route keeps it. */
  keepMaxScheduledRuns: boolean;
}

export function newScheduleRecord(
  api: ApiContext,
  deploymentId: string,
  item: ScheduleItem,
  options: NewScheduleOptions,
): ScheduleRecord {
  const now = api.clock.now();
  const record: ScheduleRecord = {
    id: newId(),
    created: now,
    updated: now,
    deployment_id: deploymentId,
    schedule: normaliseSchedule(api, item.schedule ?? {}),
    active: (item['active'] as boolean | null | undefined) ?? true,
    max_scheduled_runs: options.keepMaxScheduledRuns
      ? ((item['max_scheduled_runs'] as number | null) ?? null)
      : null,
    parameters: (item['parameters'] as JsonObject | undefined) ?? {},
    slug: item.slug ?? null,
  };
  if (api.profile.legacy) {
    record.max_active_runs = (item['max_active_runs'] as number | null | undefined) ?? null;
    record.catchup = (item['catchup'] as boolean | undefined) ?? false;
  }
  return record;
}

/** Whether slugs repeat among `slugs` (nulls ignored), which the (deployment_id, slug) unique index refuses. */
export function hasDuplicateSlug(slugs: (string | null | undefined)[]): boolean {
  const named = slugs.filter((slug): slug is string => typeof slug === 'string');
  return new Set(named).size !== named.length;
}

function requireDeployment(api: ApiContext, request: RequestContext): DeploymentRecord {
  const deployment = api.state.deployments.get(request.params['id'] ?? '');
  if (!deployment) throw detail(404, 'Deployment not found.');
  return deployment;
}

function readSchedules(api: ApiContext, request: RequestContext): Reply {
  const deployment = requireDeployment(api, request);
  return json(
    200,
    schedulesInResponseOrder(deployment.schedules).map((schedule) => presentSchedule(api, schedule)),
  );
}

function createSchedules(api: ApiContext, request: RequestContext): Reply {
  const items = api.body(request, 'POST /deployments/{id}/schedules', { required: true }) as ScheduleItem[];
  const deployment = requireDeployment(api, request);
  const slugs = [...deployment.schedules.map((schedule) => schedule.slug), ...items.map((item) => item.slug)];
  if (hasDuplicateSlug(slugs)) throw detail(409, 'Schedule slugs must be unique within a deployment.');
  const created = items.map((item) =>
    newScheduleRecord(api, deployment.id, item, { keepMaxScheduledRuns: true }),
  );
  deployment.schedules.push(...created);
  return json(
    201,
    created.map((schedule) => presentSchedule(api, schedule)),
  );
}

/** Writes the fields Prefect's update_deployment_schedule writes: every non-null one, `parameters` always. */
export function patchScheduleRecord(api: ApiContext, record: ScheduleRecord, item: ScheduleItem): void {
  if (item.schedule) record.schedule = normaliseSchedule(api, item.schedule);
  if (typeof item['active'] === 'boolean') record.active = item['active'];
  if (typeof item['max_scheduled_runs'] === 'number') record.max_scheduled_runs = item['max_scheduled_runs'];
  record.parameters = (item['parameters'] as JsonObject | undefined) ?? {};
  if (typeof item.slug === 'string') record.slug = item.slug;
  record.updated = api.clock.now();
}

function updateSchedule(api: ApiContext, request: RequestContext): Reply {
  const item = api.body(request, 'PATCH /deployments/{id}/schedules/{schedule_id}', {
    required: true,
  }) as ScheduleItem;
  const deployment = requireDeployment(api, request);
  const record = deployment.schedules.find((schedule) => schedule.id === request.params['schedule_id']);
  if (!record) throw detail(404, 'Schedule not found.');
  patchScheduleRecord(api, record, item);
  return noContent();
}

function deleteSchedule(api: ApiContext, request: RequestContext): Reply {
  const deployment = requireDeployment(api, request);
  const before = deployment.schedules.length;
  deployment.schedules = deployment.schedules.filter(
    (schedule) => schedule.id !== request.params['schedule_id'],
  );
  if (deployment.schedules.length === before) throw detail(404, 'Schedule not found.');
  return noContent();
}
