import { describe, expect, it } from '@jest/globals';
import { fitJsonList } from '../src/step-outputs.js';
import { parseFlowSelection, parseInputList } from '../src/input-list.js';

describe('fitJsonList', () => {
  it('keeps a list that fits whole', () => {
    expect(fitJsonList([{ a: 1 }, { a: 2 }], 100)).toEqual({ json: '[{"a":1},{"a":2}]', kept: 2 });
  });

  it('cuts a list over the limit to the items that fit, still valid JSON under the limit', () => {
    const items = Array.from({ length: 50 }, (_, index) => ({ name: `flow_${index}`, text: 'é'.repeat(30) }));
    const { json, kept } = fitJsonList(items, 1000);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(items.length);
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(1000);
    expect(JSON.parse(json)).toEqual(items.slice(0, kept));
    // One more item would not have fitted.
    expect(Buffer.byteLength(JSON.stringify(items.slice(0, kept + 1)))).toBeGreaterThan(1000);
  });
});

describe('list inputs', () => {
  it('accepts commas and newlines alike, ignoring blanks and comments', () => {
    expect(parseInputList('a, b\n c\n\n# note\n')).toEqual(['a', 'b', 'c']);
  });

  it('reads `all` (any case) or nothing as every flow', () => {
    expect(parseFlowSelection('')).toBe('all');
    expect(parseFlowSelection('ALL')).toBe('all');
    expect(parseFlowSelection('hello_world,etl')).toEqual(['hello_world', 'etl']);
  });
});
