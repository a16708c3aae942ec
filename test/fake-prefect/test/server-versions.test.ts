// The fake as each Prefect version observed live (2.20.25 to 3.8.3): one deployment field at a time,
// what the version refuses (422, in its own body shape), stores, drops or answers in its own shape.
import { afterEach, describe, expect, it } from '@jest/globals';

import type { FakePrefect } from '../index.js';
import { createFlow, prefectHttp, startWithClient, type Json, type PrefectHttp } from './prefect-http.js';

const VERSIONS = ['2.20.25', '3.0.11', '3.2.15', '3.4.25', '3.6.29', '3.8.3'] as const;

/** `422`: refused; anything else: what the read-back answers (`undefined`: the key is absent). */
type Answered = 422 | { read: unknown };
const no = 422 as const;
const is = (read: unknown): Answered => ({ read });

const cron = { schedule: { cron: '0 6 * * *' }, active: true };
const grace = { collision_strategy: 'ENQUEUE', grace_period_seconds: null };

// [what is sent besides the minimal body, how the answer is read, per version in VERSIONS order]
const POSTS: [string, Record<string, unknown>, (deployment: Json) => unknown, Answered[]][] = [
  [
    'schedules[].slug',
    { schedules: [{ ...cron, slug: 'daily' }] },
    (d) => d.schedules[0].slug,
    [no, no, is('daily'), is('daily'), is('daily'), is('daily')],
  ],
  [
    'schedules[].parameters',
    { schedules: [{ ...cron, parameters: { x: 1 } }] },
    (d) => d.schedules[0].parameters,
    [no, no, is({ x: 1 }), is({ x: 1 }), is({ x: 1 }), is({ x: 1 })],
  ],
  [
    'schedules[].max_scheduled_runs (accepted, never stored)',
    { schedules: [{ ...cron, max_scheduled_runs: 5 }] },
    (d) => d.schedules[0].max_scheduled_runs,
    [is(null), is(null), is(null), is(null), is(null), is(null)],
  ],
  [
    'concurrency_limit (stored as a global concurrency limit)',
    { concurrency_limit: 1 },
    (d) => [d.concurrency_limit, d.global_concurrency_limit?.limit],
    [no, is([null, 1]), is([null, 1]), is([null, 1]), is([null, 1]), is([null, 1])],
  ],
  [
    'concurrency_options (3.6+ answers grace_period_seconds: null)',
    { concurrency_options: { collision_strategy: 'ENQUEUE' } },
    (d) => d.concurrency_options,
    [
      no,
      is({ collision_strategy: 'ENQUEUE' }),
      is({ collision_strategy: 'ENQUEUE' }),
      is({ collision_strategy: 'ENQUEUE' }),
      is(grace),
      is(grace),
    ],
  ],
  [
    'concurrency_options.grace_period_seconds (ignored before 3.6.6)',
    { concurrency_options: { collision_strategy: 'ENQUEUE', grace_period_seconds: 120 } },
    (d) => d.concurrency_options,
    [
      no,
      is({ collision_strategy: 'ENQUEUE' }),
      is({ collision_strategy: 'ENQUEUE' }),
      is({ collision_strategy: 'ENQUEUE' }),
      is({ ...grace, grace_period_seconds: 120 }),
      is({ ...grace, grace_period_seconds: 120 }),
    ],
  ],
  [
    'global_concurrency_limit_id: null',
    { global_concurrency_limit_id: null },
    (d) => d.global_concurrency_limit,
    [no, no, no, is(null), is(null), is(null)],
  ],
  [
    'version_info (accepted and dropped from 3.4)',
    { version_info: { type: 'vcs:github', version: 'abc' } },
    (d) => d.version_info,
    [no, no, no, is(undefined), is(undefined), is(undefined)],
  ],
  [
    'labels: {} (the system label is added)',
    { labels: {} },
    (d) => d.labels?.['prefect.flow.id'] === d.flow_id,
    [no, no, is(true), is(true), is(true), is(true)],
  ],
  [
    'enforce_parameter_schema, paused, pull_steps, job_variables',
    { enforce_parameter_schema: true, paused: false, pull_steps: [], job_variables: {} },
    (d) => [d.enforce_parameter_schema, d.paused, d.pull_steps, d.job_variables ?? d.infra_overrides],
    [
      is([true, false, [], {}]),
      is([true, false, [], {}]),
      is([true, false, [], {}]),
      is([true, false, [], {}]),
      is([true, false, [], {}]),
      is([true, false, [], {}]),
    ],
  ],
];

const PATCHES: [string, Record<string, unknown>, (deployment: Json) => unknown, Answered[]][] = [
  [
    'version_info',
    { version_info: { type: 'vcs:github', version: 'abc' } },
    (d) => d.version_info,
    [no, no, no, is(undefined), is(undefined), is(undefined)],
  ],
  [
    'schedules[].slug',
    { schedules: [{ ...cron, slug: 'daily' }] },
    (d) => d.schedules[0].slug,
    [no, no, is('daily'), is('daily'), is('daily'), is('daily')],
  ],
];

describe.each(VERSIONS.map((version, index) => [version, index] as const))(
  'the fake as Prefect %s',
  (version, column) => {
    let fake: FakePrefect;
    let http: PrefectHttp;
    let flowId: string;
    let count = 0;
    afterEach(() => fake.close());

    async function start() {
      ({ fake, http } = await startWithClient({ version }));
      fake.addWorkPool('local-pool', 'process');
      flowId = await createFlow(http, 'f');
      expect((await http.get('/admin/version')).body).toBe(version);
    }

    const minimal = () => ({
      name: `d${(count += 1)}`,
      flow_id: flowId,
      work_pool_name: 'local-pool',
      entrypoint: 'x.py:f',
      parameter_openapi_schema: { type: 'object', properties: {} },
    });

    /** The 422 in this version's shape: pydantic v1 words on 2.x, v2 words and types on 3.x. */
    function expectRefused(answer: { status: number; body: Json }, field: string) {
      expect(answer.status).toBe(422);
      expect(answer.body.exception_message).toBe('Invalid request received.');
      const [message, type] = version.startsWith('2.')
        ? ['extra fields not permitted', 'value_error.extra']
        : ['Extra inputs are not permitted', 'extra_forbidden'];
      expect(answer.body.exception_detail).toContainEqual(
        expect.objectContaining({ loc: expect.arrayContaining(['body', field]), msg: message, type }),
      );
    }

    it.each(POSTS)('POST with %s', async (_name, extra, read, answers) => {
      await start();
      const answer = await http.post('/deployments/', { ...minimal(), ...extra });
      const expected = answers[column]!;
      if (expected === 422) return expectRefused(answer, Object.keys(extra)[0]!);
      expect(answer.status).toBe(201);
      expect(read((await http.get(`/deployments/${answer.body.id}`)).body)).toEqual(expected.read);
    });

    it.each(PATCHES)('PATCH with %s', async (_name, extra, read, answers) => {
      await start();
      const created = await http.post('/deployments/', minimal());
      const answer = await prefectHttp(fake).patch(`/deployments/${created.body.id}`, extra);
      const expected = answers[column]!;
      if (expected === 422) return expectRefused(answer, Object.keys(extra)[0]!);
      expect(answer.status).toBe(204);
      expect(read((await http.get(`/deployments/${created.body.id}`)).body)).toEqual(expected.read);
    });
  },
);
