import { describe, expect, it } from '@jest/globals';
import { selectFlows } from '../../src/deploy/select-flows.js';
import { NotFoundError } from '../../src/errors/portal-error.js';
import { aFlow } from './fixtures.js';

const flows = [
  aFlow('hello_world'),
  aFlow('etl_daily'),
  aFlow('inner', { deployable: false }),
  aFlow('legacy', { deployable: false, import_error: 'Python cannot import legacy.py: …' }),
];

describe('selectFlows', () => {
  it('takes every deployable flow for `all`, and those Python cannot import so they are reported', () => {
    expect(selectFlows(flows, 'all').map((flow) => flow.name)).toEqual([
      'hello_world',
      'etl_daily',
      'legacy',
    ]);
  });

  it('takes named flows in either spelling', () => {
    expect(selectFlows(flows, ['etl-daily']).map((flow) => flow.name)).toEqual(['etl_daily']);
  });

  it('refuses an unknown name with the closest ones', () => {
    expect(() => selectFlows(flows, ['helo_world'])).toThrow(NotFoundError);
    expect(() => selectFlows(flows, ['helo_world'])).toThrow(/did you mean "hello_world"/);
  });
});
