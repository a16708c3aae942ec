// Prefect's error bodies rendered for people: 422 validation lists trimmed to what explains the
// failure, `detail` strings kept, non-JSON bodies summarised; and the same through the client.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  MAX_DETAIL_CHARS,
  PrefectApiError,
  PrefectClient,
  renderErrorDetail,
} from '../../../src/prefect/client/index.js';
import { sendJson, startServer, type ScriptedServer } from './scripted-server.js';

// A 422 shaped like Prefect 3.8's for two cron schedules with an unknown timezone: pydantic
// reports every member of the schedule union, and the server echoes the request body (≈10 KB).
const badTimezone = readFileSync(new URL('./fixtures/422-bad-timezone.json', import.meta.url), 'utf8');

describe('renderErrorDetail', () => {
  it('reduces a multi-KB bad-timezone 422 to the reason per schedule', () => {
    expect(badTimezone.length).toBeGreaterThan(5_000);
    expect(renderErrorDetail(badTimezone)).toBe(
      [
        'schedules.0.schedule: Value error, Invalid timezone: "Mars/Olympus_Mons" (specify in IANA tzdata format, for example, America/New_York)',
        'schedules.1.schedule: Value error, Invalid timezone: "Mars/Olympus_Mons" (specify in IANA tzdata format, for example, America/New_York)',
      ].join('\n'),
    );
  });

  it("keeps the invalid-cron message and drops the other union members' complaints", () => {
    const body = {
      exception_message: 'Invalid request received.',
      exception_detail: [
        {
          type: 'missing',
          loc: ['body', 'schedules', 0, 'schedule', 'IntervalSchedule', 'interval'],
          msg: 'Field required',
        },
        {
          type: 'value_error',
          loc: ['body', 'schedules', 0, 'schedule', 'CronSchedule', 'cron'],
          msg: 'Value error, Invalid cron string: "not a cron"',
        },
        {
          type: 'missing',
          loc: ['body', 'schedules', 0, 'schedule', 'RRuleSchedule', 'rrule'],
          msg: 'Field required',
        },
      ],
      request_body: { schedules: [{ schedule: { cron: 'not a cron' } }] },
    };
    expect(renderErrorDetail(JSON.stringify(body))).toBe(
      'schedules.0.schedule.cron: Value error, Invalid cron string: "not a cron"',
    );
  });

  it('shows at most five distinct errors, counts the rest, and stays under the size cap', () => {
    const issues = Array.from({ length: 40 }, (_, i) => ({
      type: 'extra_forbidden',
      loc: ['body', `unknown_field_${i % 30}`],
      msg: `Extra inputs are not permitted ${'x'.repeat(150)}`,
    }));
    const detail = renderErrorDetail(JSON.stringify({ exception_detail: issues }));
    const lines = detail.split('\n');
    expect(lines.slice(0, -1).every((line) => line.startsWith('unknown_field_'))).toBe(true);
    expect(lines.length).toBeLessThanOrEqual(6);
    expect(lines.at(-1)).toMatch(/^\(and 2\d more errors\)$/);
    expect(detail.length).toBeLessThanOrEqual(MAX_DETAIL_CHARS);
  });

  it('keeps a genuine missing field (not explained by anything else)', () => {
    const body = { exception_detail: [{ type: 'missing', loc: ['body', 'flow_id'], msg: 'Field required' }] };
    expect(renderErrorDetail(JSON.stringify(body))).toBe('flow_id: Field required');
  });

  it.each([
    [{ detail: 'Deployment not found' }, 'Deployment not found'],
    [
      { detail: [{ loc: ['body', 'limit'], msg: 'Input should be less than or equal to 200' }] },
      'limit: Input should be less than or equal to 200',
    ],
    [{ exception_message: 'Internal Server Error' }, 'Internal Server Error'],
    ['"plain string"', 'plain string'],
    [{}, ''],
  ])('renders %j', (body, expected) => {
    expect(renderErrorDetail(typeof body === 'string' ? body : JSON.stringify(body))).toBe(expected);
  });

  it('summarises bodies that are not JSON', () => {
    expect(renderErrorDetail('<html><body>502 Bad Gateway</body></html>', 'text/html')).toBe('an HTML page');
    expect(renderErrorDetail(`upstream   connect error\n${'z'.repeat(500)}`)).toMatch(
      /^upstream connect error z+…$/,
    );
    expect(renderErrorDetail('')).toBe('');
  });
});

describe('through the client', () => {
  let server: ScriptedServer | undefined;
  let client: PrefectClient | undefined;
  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it('puts the trimmed 422 detail in the error and its message', async () => {
    server = await startServer((_req, res) => sendJson(res, 422, JSON.parse(badTimezone)));
    client = new PrefectClient({ apiUrl: server.apiUrl, retries: 0 });
    const error = (await client
      .createDeployment({ name: 'd', flow_id: 'f' })
      .catch((e: unknown) => e)) as PrefectApiError;
    expect(error).toBeInstanceOf(PrefectApiError);
    expect(error.status).toBe(422);
    expect(error.detail.split('\n')).toHaveLength(2);
    expect(error.message).toMatch(
      /^Prefect answered 422 to POST \/deployments\/: schedules\.0\.schedule: Value error, Invalid timezone/,
    );
    expect(error.message).not.toContain('param_0');
    expect(error.describe()).toContain('the detail names each field it refused');
  });
});
