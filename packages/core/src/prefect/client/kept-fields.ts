// What a Prefect server keeps of the deployment fields it accepts, version by version: some it
// drops without a word, some it answers in a shape of its own. Refusals (422) are version-gates.ts.
import { deploymentFieldsFor } from './version-gates.js';
import { atLeast, type ServerVersion } from './server-version.js';

/** `drops`: accepted (2xx) and never stored; `reshapes`: stored, answered in another shape. */
export type KeepKind = 'drops' | 'reshapes';

export interface KeepRow {
  /** Where the value sits in a deployment body: `concurrency_limit`, `schedules[].max_scheduled_runs`. */
  field: string;
  kind: KeepKind;
  /** First server version the row holds for. */
  since?: string;
  /** First server version it no longer holds for. */
  until?: string;
  /** Only self-hosted servers behave so; Prefect Cloud keeps the field as sent. */
  selfHostedOnly?: boolean;
  /** What the server does, completing "Prefect <version> …" (warnings and docs). */
  behaviour: string;
}

// Observed on real servers 2.20.25, 3.0.11, 3.2.15, 3.4.25, 3.6.29 and 3.8.3 (a deployment written
// with one field at a time, then read back); the version bounds come from Prefect's schemas by tag.
export const KEEP_ROWS: readonly KeepRow[] = [
  {
    field: 'schedules[].max_scheduled_runs',
    kind: 'drops',
    // A PATCH that updates an existing schedule by its slug does keep it: kept sometimes is not kept.
    behaviour:
      'accepts max_scheduled_runs on a schedule but does not store it when it creates the schedule (it reads back null)',
  },
  {
    field: 'version_info',
    kind: 'drops',
    since: '3.3.6',
    selfHostedOnly: true,
    behaviour: 'accepts version_info and never stores or answers it',
  },
  {
    field: 'concurrency_options.grace_period_seconds',
    kind: 'drops',
    until: '3.6.6',
    behaviour: 'ignores grace_period_seconds inside concurrency_options (it knows only collision_strategy)',
  },
  {
    field: 'concurrency_options.grace_period_seconds',
    kind: 'reshapes',
    since: '3.6.6',
    behaviour: 'answers concurrency_options with grace_period_seconds: null when it was not set',
  },
  {
    field: 'concurrency_limit',
    kind: 'reshapes',
    since: '3.0.0',
    behaviour:
      'stores concurrency_limit as a global concurrency limit: it answers global_concurrency_limit.limit and concurrency_limit: null',
  },
  {
    field: 'labels',
    kind: 'reshapes',
    since: '3.1.5',
    behaviour: 'adds the system label prefect.flow.id to the labels it answers',
  },
  {
    field: 'job_variables',
    kind: 'reshapes',
    until: '3.0.0',
    behaviour: 'answers job variables under infra_overrides, not job_variables',
  },
];

function holds(row: KeepRow, server: ServerVersion): boolean {
  if (row.selfHostedOnly && server.isCloud) return false;
  if (row.since !== undefined && !atLeast(server, row.since)) return false;
  if (row.until !== undefined && atLeast(server, row.until)) return false;
  return true;
}

/** How one server version treats a field we write. */
export type FieldFate = 'kept' | 'refused' | 'dropped' | 'reshaped';

export interface KeptFields {
  /** The fate of a field path (`concurrency_limit`, `schedules[].slug`, `concurrency_options.grace_period_seconds`). */
  fate(field: string): FieldFate;
  /** What the server does with the field, for a warning; null when it keeps it as sent. */
  behaviour(field: string): string | null;
}

/** The fate of every deployment field on one server: refusals from the gates, the rest from KEEP_ROWS. */
export function keptFieldsFor(server: ServerVersion): KeptFields {
  const fields = deploymentFieldsFor(server);
  const accepted = new Set([...fields.create, ...fields.schedule.map((field) => `schedules[].${field}`)]);
  // Job variables are sent under whichever key the server knows (fitDeploymentBody moves them).
  accepted.add('job_variables');
  const rows = KEEP_ROWS.filter((row) => holds(row, server));
  const rowOf = (field: string) => rows.find((row) => row.field === field);
  // A field inside an object value (`concurrency_options.x`) is refused with its parent.
  const refused = (field: string) => {
    const top = field.split('.')[0]!;
    return top.startsWith('schedules[]') ? !accepted.has(field) : !accepted.has(top);
  };
  return {
    fate(field) {
      if (refused(field)) return 'refused';
      const row = rowOf(field);
      if (!row) return 'kept';
      return row.kind === 'drops' ? 'dropped' : 'reshaped';
    },
    behaviour(field) {
      if (refused(field)) return `does not accept ${field} (it answers 422), so it is left out`;
      return rowOf(field)?.behaviour ?? null;
    },
  };
}
