// Cutting function bodies before parsing must never change what is found: same flows, same
// lines, same descriptions and schemas, for hand-written snippets and generated modules alike.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { pruneFunctionBodies } from '../../src/scanner/body-pruning.js';
import { python, scan } from './python-snippet.js';
import { NOT_RECOGNISED, RECOGNISED } from './recognition-rows.js';

function sameEitherWay(source: string): void {
  expect(scan(source, { pruneBodies: true })).toEqual(scan(source, { pruneBodies: false }));
}

describe('pruneFunctionBodies', () => {
  it('keeps only a docstring of a decorated non-flow body, so valid syntax the parser lacks never warns', () => {
    // lezer-python does not read a bare `yield` (a pytest fixture's body, say).
    const source = python(`
      import pytest
      from prefect import flow

      @pytest.fixture
      def credentials():
          yield

      @flow
      def etl():
          '''Loads.'''
          return 1
    `);
    expect(pruneFunctionBodies(source).text).toContain('def credentials():\n    pass');
    const result = scan(source);
    expect(result.warnings).toEqual([]);
    expect(result.flows.map((flow) => [flow.name, flow.line_number, flow.description])).toEqual([
      ['etl', 9, 'Loads.'],
    ]);
  });

  it('reduces an undecorated def to its name and a decorated one to its first line', () => {
    const source = python(`
      def helper(a,
                 b):
          x = 1
          return x

      @flow
      def etl():
          """Doc."""
          return helper(1, 2)
      y = 2
    `);
    const pruned = pruneFunctionBodies(source);
    expect(pruned.text).toBe('def helper(): pass\n\n@flow\ndef etl():\n    """Doc."""\ny = 2\n');
    // Lines after each cut map back to where they were.
    expect([1, 2, 3, 4, 5, 6].map((line) => pruned.originalLine(line))).toEqual([1, 5, 6, 7, 8, 10]);
  });

  it('keeps a body that holds a decorator, and prunes inside it', () => {
    const source = python(`
      def make():
          def helper():
              return 1

          @flow
          def inner():
              pass
          return inner
    `);
    expect(pruneFunctionBodies(source).text).toBe(
      'def make():\n    def helper(): pass\n\n    @flow\n    def inner():\n        pass\n    return inner\n',
    );
  });

  it('replaces a first body line that opens a block with pass', () => {
    const source = '@task\ndef t():\n    if x:\n        y()\n    return 1\n';
    expect(pruneFunctionBodies(source).text).toBe('@task\ndef t():\n    pass\n');
  });

  it('drops indentation up to its last form feed, as Python counts it, but never inside a string', () => {
    const source = 'x = 1\n\f\n  \fy = """\n\fkept"""\nif x:\n\f    z = 1\n';
    for (const cutBodies of [true, false]) {
      expect(pruneFunctionBodies(source, cutBodies).text).toBe(
        'x = 1\n\ny = """\n\fkept"""\nif x:\n    z = 1\n',
      );
    }
  });

  it.each([
    ['an unterminated string', 'def f():\n    x = "abc\n    return 1\n'],
    ['an unclosed bracket', 'def f():\n    x = (1,\n'],
    ['a stray backslash', 'def f():\n    x = 1 \\ 2\n'],
  ])('leaves text it cannot lex untouched (%s)', (_title, source) => {
    expect(pruneFunctionBodies(source).text).toBe(source);
  });

  it.each([...RECOGNISED, ...NOT_RECOGNISED])('finds the same either way: $title', ({ source }) => {
    sameEitherWay(source);
  });

  it('finds the same either way in generated modules', () => {
    const indent = (text: string, by: string): string =>
      text
        .split('\n')
        .map((line) => (line ? by + line : line))
        .join('\n');
    const statement = fc.constantFrom(
      'x = 1',
      'return x',
      's = "a # not a comment"',
      "t = '''multi\n@flow\nline'''",
      'u = f"{x!r:>{width}} {y[\'k\']} {{literal}}"',
      'v = rb"\\d" + b"x"',
      '# @flow in a comment\npass',
      'w = (1,\n     2)',
      'z = 1 + \\\n    2',
      'if x:\n    pass\nelse:\n    y = 2',
      'from prefect import flow',
      'flow = None',
    );
    const body = fc.array(statement, { minLength: 1, maxLength: 4 }).map((lines) => lines.join('\n'));
    const definition: fc.Arbitrary<string> = fc.letrec<{ def: string }>((tie) => ({
      def: fc
        .tuple(
          fc.constantFrom('', '@flow\n', '@flow(name="n-1")\n', '@task\n', '@prefect.flow\n@other\n'),
          fc.constantFrom('def', 'async def'),
          fc.constantFrom('a', 'b', 'c'),
          fc.constantFrom('()', '(x: int = 1,\n      y: str = "s")', '(self, *args, **kwargs)'),
          fc.constantFrom('"""Doc."""\n', ''),
          body,
          fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant(''), tie('def')),
        )
        .map(([decorator, keyword, name, params, doc, code, nested]) =>
          [`${decorator}${keyword} ${name}${params}:`, indent(`${doc}${code}\n${nested}`, '    ')].join('\n'),
        ),
    })).def;
    const module = fc
      .array(
        fc.oneof(
          definition,
          definition.map((text) => `class K:\n${indent(text, '    ')}`),
          statement,
          fc.constant('import prefect'),
        ),
        { minLength: 1, maxLength: 6 },
      )
      .map((parts) => `from prefect import flow\n${parts.join('\n\n')}\n`);
    fc.assert(
      fc.property(module, (source) => {
        sameEitherWay(source);
      }),
      { numRuns: 300 },
    );
  });
});
