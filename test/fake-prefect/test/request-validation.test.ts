import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { FakePrefect } from '../index.js';
import { cronStringProblem, timezoneProblem, withRruleAnchor } from '../validation/schedule-checks.js';
import {
  createFlow,
  deploymentBody,
  postDeployment,
  startWithClient,
  type PrefectHttp,
} from './prefect-http.js';

describe('request bodies checked like pydantic', () => {
  let fake: FakePrefect;
  let http: PrefectHttp;
  let flowId: string;

  beforeAll(async () => {
    ({ fake, http } = await startWithClient());
    fake.addWorkPool('local-pool', 'process');
    flowId = await createFlow(http);
  });
  afterAll(() => fake.close());

  const issuesFor = async (overrides: Record<string, unknown>) => {
    const answer = await postDeployment(http, deploymentBody(flowId, overrides));
    expect(answer.status).toBe(422);
    return answer.body.exception_detail as { type: string; loc: unknown[]; msg: string }[];
  };

  it.each([
    ['a number as the name', { name: 5 }, 'string_type', ['body', 'name'], 'Input should be a valid string'],
    [
      'a malformed flow_id',
      { flow_id: 'nope' },
      'uuid_parsing',
      ['body', 'flow_id'],
      expect.stringMatching(/^Input should be a valid UUID, /),
    ],
    [
      'a zero concurrency limit',
      { concurrency_limit: 0 },
      'greater_than',
      ['body', 'concurrency_limit'],
      'Input should be greater than 0',
    ],
    ['a tags string', { tags: 'a,b' }, 'list_type', ['body', 'tags'], 'Input should be a valid list'],
    [
      'an unknown collision strategy',
      { concurrency_options: { collision_strategy: 'DROP' } },
      'enum',
      ['body', 'concurrency_options', 'collision_strategy'],
      "Input should be 'ENQUEUE' or 'CANCEL_NEW'",
    ],
    [
      'more than 50 max_scheduled_runs',
      { schedules: [{ schedule: { cron: '0 6 * * *' }, max_scheduled_runs: 51 }] },
      'value_error',
      ['body', 'schedules', 0, 'max_scheduled_runs'],
      'Value error, `max_scheduled_runs` must be less than or equal to 50.',
    ],
    [
      'a cron timezone that does not exist',
      { schedules: [{ schedule: { cron: '0 6 * * *', timezone: 'Mars/Olympus' } }] },
      'value_error',
      ['body', 'schedules', 0, 'schedule', 'CronSchedule'],
      'Value error, Invalid timezone: "Mars/Olympus" (specify in IANA tzdata format, for example, America/New_York)',
    ],
  ])('reports %s', async (_label, overrides, type, loc, msg) => {
    expect(await issuesFor(overrides)).toContainEqual(expect.objectContaining({ type, loc, msg }));
  });

  it('keeps a nullable field location without a union tag', async () => {
    const issues = await issuesFor({ description: 42 });

    expect(issues).toEqual([expect.objectContaining({ type: 'string_type', loc: ['body', 'description'] })]);
  });

  it('refuses both concurrency_limit and global_concurrency_limit_id at the model level', async () => {
    const issues = await issuesFor({ concurrency_limit: 1, global_concurrency_limit_id: flowId });

    expect(issues).toEqual([
      expect.objectContaining({
        type: 'value_error',
        loc: ['body'],
        msg: 'Value error, A deployment cannot have both a concurrency limit and a global concurrency limit.',
      }),
    ]);
  });

  it('accepts what pydantic coerces: numeric strings and uppercase UUIDs', async () => {
    const answer = await postDeployment(
      http,
      deploymentBody(flowId.toUpperCase(), { concurrency_limit: '2' }),
    );

    expect(answer.status).toBe(201);
    expect(answer.body.flow_id).toBe(flowId);
    expect(answer.body.global_concurrency_limit.limit).toBe(2);
  });

  it('answers a body that is not JSON with json_invalid', async () => {
    const response = await fetch(`${fake.url}/deployments/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    const body = (await response.json()) as { exception_detail: { type: string }[]; request_body: unknown };

    expect(response.status).toBe(422);
    expect(body.exception_detail[0]?.type).toBe('json_invalid');
    expect(body.request_body).toBe('{"name": ');
  });

  it('answers a missing body as a missing field', async () => {
    const answer = await http.post('/deployments/');

    expect(answer.status).toBe(422);
    expect(answer.body.exception_detail).toEqual([
      { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
    ]);
  });

  it('checks parameters against the schema sent beside them when enforcement is sent', async () => {
    const issues = await issuesFor({
      enforce_parameter_schema: true,
      parameter_openapi_schema: { type: 'object', properties: { day: { type: 'string', format: 'date' } } },
      parameters: { day: 20260101 },
    });

    expect(issues).toEqual([
      expect.objectContaining({
        type: 'value_error',
        loc: ['body'],
        msg: "Value error, Validation failed for field 'day'. Failure reason: 20260101 is not of type 'string'",
      }),
    ]);
  });
});

describe('schedule checks', () => {
  it.each([
    ['0 6 * * 1-5', undefined],
    ['*/15 * * * *', undefined],
    ['0 0 1 jan,jul *', undefined],
    ['@daily', undefined],
    ['not a cron', 'Invalid cron string: "not a cron"'],
    ['60 * * * *', 'Invalid cron string: "60 * * * *"'],
    ['0 6 * *', 'Invalid cron string: "0 6 * *"'],
    ['H * * * *', 'Random and Hashed expressions are unsupported, received: "H * * * *"'],
  ])('cron %p -> %p', (cron, problem) => {
    expect(cronStringProblem(cron)).toBe(problem);
  });

  it('knows IANA timezones and refuses offsets', () => {
    expect(timezoneProblem('Europe/Paris')).toBeUndefined();
    expect(timezoneProblem('UTC')).toBeUndefined();
    expect(timezoneProblem('+02:00')).toMatch(/^Invalid timezone/);
  });

  it('anchors bare RRules as Prefect 3.8 does', () => {
    const now = Date.UTC(2026, 5, 1, 12, 34, 56);

    expect(withRruleAnchor('FREQ=DAILY', 'UTC', now)).toBe('DTSTART:20200101T000000\nFREQ=DAILY');
    expect(withRruleAnchor('FREQ=MINUTELY;INTERVAL=15', 'UTC', now)).toBe(
      'DTSTART:20260601T123000\nFREQ=MINUTELY;INTERVAL=15',
    );
    expect(withRruleAnchor('DTSTART:20250101T000000\nFREQ=DAILY', 'UTC', now)).toBe(
      'DTSTART:20250101T000000\nFREQ=DAILY',
    );
  });
});
