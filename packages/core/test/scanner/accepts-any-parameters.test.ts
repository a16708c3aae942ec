// Whether a flow takes **kwargs, which decides whether deploy may refuse a parameter name the
// signature does not list: one row per signature.
import { describe, expect, it } from '@jest/globals';
import { scan } from './python-snippet.js';

const ROWS: [signature: string, acceptsAny: boolean][] = [
  ['', false],
  ['name: str = "x"', false],
  ['*args', false],
  ['*, name: str', false],
  ['name, *args, limit=3', false],
  ['**kwargs', true],
  ['name: str, **options: int', true],
  ['*args, **kwargs', true],
  ['self, *, name, **extra', true],
];

describe('accepts_any_parameters', () => {
  it.each(ROWS)('def f(%s) → %s', (signature, acceptsAny) => {
    const { flows } = scan(`from prefect import flow\n@flow\ndef f(${signature}): pass\n`);
    expect(flows).toHaveLength(1);
    expect(flows[0]!.accepts_any_parameters === true).toBe(acceptsAny);
    // Absent, not false, when the flow takes no **kwargs: the JSON other tools read keeps its shape.
    if (!acceptsAny) expect(flows[0]).not.toHaveProperty('accepts_any_parameters');
  });
});
