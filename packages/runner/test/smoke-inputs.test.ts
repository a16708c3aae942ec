// The smoke-run inputs and the change descriptions promote's plan shows: table-driven.
import { describe, expect, it } from '@jest/globals';
import {
  checkSmokeParameters,
  parseSmokeSelection,
  smokeParametersInput,
  smokeTimeoutInput,
} from '../src/smoke-inputs.js';

describe('smoke inputs', () => {
  it.each([
    ['', 'none'],
    ['all', 'all'],
    ['ALL', 'all'],
    ['hello-world, weekly_summary', ['hello_world', 'weekly_summary']],
    ['hello_world\n# a comment\nstock-refresh', ['hello_world', 'stock_refresh']],
  ])('smoke-flows %j is %j', (text, expected) => {
    expect(parseSmokeSelection(text)).toEqual(expected);
  });

  it.each([
    ['', 600_000],
    ['10m', 600_000],
    ['90s', 90_000],
    ['1h', 3_600_000],
    ['5', 300_000],
    ['2.5m', 150_000],
  ])('smoke-timeout %j is %d ms', (text, ms) => {
    expect(smokeTimeoutInput.parse(text)).toBe(ms);
  });

  it.each(['0s', '7h', 'soon', '-1m'])('refuses smoke-timeout %j', (text) => {
    expect(smokeTimeoutInput.safeParse(text).success).toBe(false);
  });

  it('reads smoke-parameters per normalised flow name and refuses anything else', () => {
    expect(smokeParametersInput.parse('{"hello-world": {"name": "smoke"}}')).toEqual({
      hello_world: { name: 'smoke' },
    });
    expect(smokeParametersInput.parse('')).toEqual({});
    expect(smokeParametersInput.safeParse('{"hello_world": 3}').success).toBe(false);
    expect(smokeParametersInput.safeParse('{not json').success).toBe(false);
  });

  it('refuses parameters for a flow that is not smoke-run', () => {
    const parameters = { weekly_summary: { weeks: 2 } };
    expect(() =>
      checkSmokeParameters({
        'smoke-flows': ['hello_world'],
        'smoke-parameters': parameters,
        'smoke-timeout': 1000,
      }),
    ).toThrow('smoke-parameters names "weekly_summary", which smoke-flows does not run.');
    expect(() =>
      checkSmokeParameters({ 'smoke-flows': 'all', 'smoke-parameters': parameters, 'smoke-timeout': 1000 }),
    ).not.toThrow();
  });
});
