// What each Prefect server keeps of the fields it accepts: one test per row of KEEP_ROWS, and the
// fate of every field a deploy writes on the six versions observed live.
import { describe, expect, it } from '@jest/globals';
import {
  CLOUD_SERVER_VERSION,
  KEEP_ROWS,
  keptFieldsFor,
  type FieldFate,
} from '../../../src/prefect/client/index.js';
import { server } from './server-version-of.js';

describe('KEEP_ROWS', () => {
  // [field, kind, a version it holds for, a version it does not (null: holds everywhere)]
  const rows: [string, string, string, string | null][] = [
    ['schedules[].max_scheduled_runs', 'drops', '3.8.3', null],
    ['version_info', 'drops', '3.4.25', '3.3.5'],
    ['concurrency_options.grace_period_seconds', 'drops', '3.6.5', '3.6.6'],
    ['concurrency_options.grace_period_seconds', 'reshapes', '3.6.6', '3.6.5'],
    ['concurrency_limit', 'reshapes', '3.0.0', '2.20.25'],
    ['labels', 'reshapes', '3.2.15', '3.1.4'],
    ['job_variables', 'reshapes', '2.20.25', '3.0.0'],
  ];

  it('has exactly the rows tested here', () => {
    expect(KEEP_ROWS.map((row) => [row.field, row.kind])).toEqual(rows.map(([field, kind]) => [field, kind]));
  });

  it.each(rows)('%s %s: holds on %s, not on %p', (field, kind, on, off) => {
    const fate = kind === 'drops' ? 'dropped' : 'reshaped';
    expect(keptFieldsFor(server(on)).fate(field)).toBe(fate);
    if (off !== null) expect(keptFieldsFor(server(off)).fate(field)).not.toBe(fate);
  });

  it('version_info is kept by Prefect Cloud, dropped by a self-hosted server', () => {
    expect(keptFieldsFor(CLOUD_SERVER_VERSION).fate('version_info')).toBe('kept');
    expect(keptFieldsFor(server('3.8.3')).fate('version_info')).toBe('dropped');
  });
});

describe('keptFieldsFor on the servers observed live', () => {
  const fields = [
    'schedules[].slug',
    'schedules[].parameters',
    'schedules[].max_scheduled_runs',
    'concurrency_limit',
    'concurrency_options',
    'concurrency_options.grace_period_seconds',
    'labels',
    'version_info',
    'job_variables',
    'pull_steps',
    'paused',
    'enforce_parameter_schema',
  ] as const;
  const K = 'kept';
  const R = 'refused';
  const D = 'dropped';
  const S = 'reshaped';
  // Columns in the order of `fields`.
  const table: [string, FieldFate[]][] = [
    ['2.20.25', [R, R, D, R, R, R, R, R, S, K, K, K]],
    ['3.0.11', [R, R, D, S, K, D, R, R, K, K, K, K]],
    ['3.2.15', [K, K, D, S, K, D, S, R, K, K, K, K]],
    ['3.4.25', [K, K, D, S, K, D, S, D, K, K, K, K]],
    ['3.6.29', [K, K, D, S, K, S, S, D, K, K, K, K]],
    ['3.8.3', [K, K, D, S, K, S, S, D, K, K, K, K]],
  ];

  it.each(table)('Prefect %s', (version, fates) => {
    const kept = keptFieldsFor(server(version));
    expect(Object.fromEntries(fields.map((field) => [field, kept.fate(field)]))).toEqual(
      Object.fromEntries(fields.map((field, index) => [field, fates[index]])),
    );
  });

  it('says what the server does with a field it does not keep as sent', () => {
    expect(keptFieldsFor(server('2.20.25')).behaviour('concurrency_limit')).toMatch(
      /does not accept concurrency_limit/,
    );
    expect(keptFieldsFor(server('3.8.3')).behaviour('schedules[].max_scheduled_runs')).toMatch(
      /does not store it when it creates the schedule/,
    );
    expect(keptFieldsFor(server('3.8.3')).behaviour('paused')).toBeNull();
  });
});
