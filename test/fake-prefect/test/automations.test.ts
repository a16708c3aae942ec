// The automations API as Prefect 3.8.3 serves it: create (defaults filled, fresh trigger ids, no
// owner_resource in answers), PUT in place, PATCH enabled, DELETE, filter pages, related-to,
// owned-by, and the server's 422 / 404 bodies.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { FakePrefect } from '../index.js';
import {
  createFlow,
  deploymentBody,
  postDeployment,
  startWithClient,
  type PrefectHttp,
} from './prefect-http.js';

let fake: FakePrefect;
let http: PrefectHttp;
let deploymentId: string;

beforeEach(async () => {
  ({ fake, http } = await startWithClient());
  fake.addWorkPool('local-pool', 'process');
  deploymentId = (await postDeployment(http, deploymentBody(await createFlow(http)))).body.id;
});
afterEach(() => fake.close());

const EVENT = {
  type: 'event',
  match: {},
  match_related: {},
  after: [],
  expect: ['acme.done'],
  for_each: [],
  posture: 'Reactive',
  threshold: 1,
  within: 0,
};

function automation(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    trigger: EVENT,
    actions: [
      {
        type: 'run-deployment',
        source: 'selected',
        deployment_id: deploymentId,
        parameters: null,
        job_variables: null,
      },
    ],
    owner_resource: `prefect.deployment.${deploymentId}`,
    ...overrides,
  };
}

describe('POST /automations/', () => {
  it('answers 201 with defaults filled, new trigger ids and no owner_resource', async () => {
    const answer = await http.post('/automations/', automation('a'));
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body)).toEqual([
      'name',
      'description',
      'enabled',
      'tags',
      'trigger',
      'actions',
      'actions_on_trigger',
      'actions_on_resolve',
      'id',
      'created',
      'updated',
    ]);
    expect(answer.body).toMatchObject({ description: '', enabled: true, tags: [], actions_on_trigger: [] });
    expect(answer.body.trigger).toEqual({ ...EVENT, id: expect.any(String) });
    expect(answer.body.actions[0]).toEqual({
      type: 'run-deployment',
      source: 'selected',
      deployment_id: deploymentId,
      parameters: null,
      job_variables: null,
      schedule_after: 0,
    });
  });

  it.each([
    [
      'an event trigger without posture',
      { ...EVENT, posture: undefined },
      ['body', 'trigger', 'EventTrigger', 'posture'],
      'Field required',
    ],
    [
      'a Proactive trigger within 5 s',
      { ...EVENT, posture: 'Proactive', within: 5 },
      ['body', 'trigger', 'EventTrigger'],
      'Value error, `within` for Proactive triggers must be greater than or equal to 10 seconds',
    ],
    [
      'a compound trigger requiring more than it has',
      { type: 'compound', require: 3, within: null, triggers: [EVENT] },
      [
        'body',
        'trigger',
        'function-after[validate_require(), function-after[validate_require(), CompoundTrigger]]',
      ],
      'Value error, require must be less than or equal to the number of triggers',
    ],
  ])('refuses %s with the server 422', async (_what, trigger, loc, msg) => {
    const answer = await http.post('/automations/', automation('bad', { trigger }));
    expect(answer.status).toBe(422);
    expect(answer.body.exception_message).toBe('Invalid request received.');
    expect(answer.body.exception_detail).toContainEqual(expect.objectContaining({ loc, msg }));
  });
});

describe('PUT, PATCH, DELETE /automations/{id}', () => {
  it('replaces in place, keeps the id, refuses owner_resource, 404s as the server does', async () => {
    const { id } = (await http.post('/automations/', automation('a'))).body;
    const { owner_resource: _owner, ...update } = automation('a', { description: 'new' });
    expect((await http.send('PUT', `/automations/${id}`, update)).status).toBe(204);
    expect((await http.get(`/automations/${id}`)).body).toMatchObject({ id, description: 'new' });
    const refused = await http.send('PUT', `/automations/${id}`, automation('a'));
    expect(refused.status).toBe(422);
    expect(refused.body.exception_detail[0]).toMatchObject({
      type: 'extra_forbidden',
      loc: ['body', 'owner_resource'],
    });
    expect((await http.patch(`/automations/${id}`, { enabled: false })).status).toBe(204);
    expect((await http.get(`/automations/${id}`)).body.enabled).toBe(false);
    expect((await http.delete(`/automations/${id}`)).status).toBe(204);
    const gone = await http.delete(`/automations/${id}`);
    expect([gone.status, gone.body]).toEqual([404, { exception_message: 'Automation not found' }]);
  });
});

describe('reading automations', () => {
  it('filters by name order in pages, finds the related ones, deletes the owned ones', async () => {
    for (const name of ['c', 'a', 'b']) await http.post('/automations/', automation(name));
    await http.post('/automations/', automation('unowned', { owner_resource: null }));
    const first = await http.post('/automations/filter', { limit: 2, offset: 0 });
    const second = await http.post('/automations/filter', { limit: 2, offset: 2 });
    expect([...first.body, ...second.body].map((each: { name: string }) => each.name)).toEqual([
      'a',
      'b',
      'c',
      'unowned',
    ]);
    const related = await http.get(`/automations/related-to/prefect.deployment.${deploymentId}`);
    expect(related.body).toHaveLength(4);
    const deleted = await http.delete(`/automations/owned-by/prefect.deployment.${deploymentId}`);
    expect(deleted.status).toBe(202);
    expect(
      (await http.post('/automations/filter', {})).body.map((each: { name: string }) => each.name),
    ).toEqual(['unowned']);
  });

  it('leaves automations in place when their deployment is deleted, as the server does', async () => {
    await http.post('/automations/', automation('a'));
    await http.delete(`/deployments/${deploymentId}`);
    expect((await http.post('/automations/filter', {})).body).toHaveLength(1);
  });
});
