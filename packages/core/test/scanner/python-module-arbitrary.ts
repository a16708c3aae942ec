// Valid Python modules by construction, for property tests: statements, blocks, strings,
// continuations, comments, blank lines and form feeds at random, with the flows planted in them.
import fc from 'fast-check';

/** A flow the generator planted: what the scanner must report for it. */
export interface PlantedFlow {
  objName: string;
  line: number;
  deployable: boolean;
}

export interface GeneratedModule {
  source: string;
  flows: PlantedFlow[];
}

/** What every generated module starts with: the names its flow decorators use. */
const HEADER = ['from prefect import flow, task', 'import prefect', 'import functools'];

// Expressions. Names never rebind `flow`, `prefect` or `task`.
const NAMES = ['x', 'y', 'items', 'config', 'total', 'row'];
const ATOMS = [
  'x',
  'items',
  '1',
  '0x1F',
  '1_000.5e-3',
  '3j',
  '0o17',
  '0b101',
  'None',
  'True',
  '...',
  "'single'",
  '"double # not a comment"',
  'r"\\d+\\.py"',
  "b'\\x00\\n'",
  "rb'\\w'",
  'u"text"',
  'f"{x!r:>{width}} {{braces}} {items[0]}"',
  'f\'{config["key"]:.2f}\'',
  '\'implicit\' "concatenation"',
  "'''@flow\ndef fake(): pass\n  # indented text'''",
  '"""a docstring-like\n\n\fstring with a form feed"""',
];

const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ATOMS),
    fc
      .tuple(
        tie('e'),
        fc.constantFrom('+', '-', '*', '/', '//', '%', '**', '<<', '&', '|', '^', 'and', 'or'),
        tie('e'),
      )
      .map(([a, op, b]) => `${a} ${op} ${b}`),
    fc
      .tuple(tie('e'), fc.constantFrom('<', '<=', '==', '!=', 'in', 'not in', 'is', 'is not'), tie('e'))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('not ', '-', '+', '~'), tie('e')).map(([op, a]) => `(${op}(${a}))`),
    fc.tuple(tie('e'), tie('e')).map(([f, a]) => `call(${f}, key=${a}, *items, **config)`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `items[${a}][1:2, ::3].attr(${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `(${a}, ${b})`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `[${a}, ${b}]`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `{${a}: ${b}, **config}`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `{${a}, ${b}}`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `[${a} for v in ${b} if v]`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `{k: ${a} for k in ${b}}`),
    tie('e').map((a) => `sum(v for v in ${a})`),
    tie('e').map((a) => `(lambda a, b=1, *c, **d: ${a})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `(${a} if ${b} else ${c})`),
    // Over several lines inside brackets, with comments and a blank line.
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `call(\n    ${a},  # a comment\n\n    key=${b},\n)`),
  ),
})).e;

const name = fc.constantFrom(...NAMES);

const simpleStatement: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(name, expression).map(([n, e]) => `${n} = ${e}`),
  fc.tuple(name, expression).map(([n, e]) => `${n}: "list[int] | None" = ${e}`),
  fc.tuple(name, expression).map(([n, e]) => `${n} += ${e}`),
  expression.map((e) => `first, *rest = ${e}`),
  fc.tuple(name, name, expression).map(([a, b, e]) => `${a} = ${b} = ${e}`),
  expression.map((e) => `print(${e})`),
  expression.map((e) => `assert ${e}, "message"`),
  fc.tuple(name, expression).map(([n, e]) => `${n} = ${e} + \\\n        ${e}`),
  fc.tuple(name, name).map(([a, b]) => `${a} = 1; ${b} = 2`),
  fc.constantFrom(
    'pass',
    'import os.path as osp',
    'import json, logging',
    'from collections import (\n    OrderedDict,\n    defaultdict as dd,  # trailing comma\n)',
    'from . import sibling',
    'raise ValueError("bad") from None',
    'del x',
  ),
  expression.map((e) => `total = (y := ${e})`),
);

interface Rendered {
  lines: string[];
  /** Line index (from 0) in `lines`, and where the flow sits. */
  flows: { index: number; path: string[]; inFunction: boolean }[];
}

/** A statement tree: rendered once the indentation and enclosing names are known. */
type Item =
  | { kind: 'simple'; text: string }
  | { kind: 'gap'; text: string }
  | { kind: 'def'; decorators: string[]; isFlow: boolean; async: boolean; params: string; body: Item[] }
  | { kind: 'class'; header: string; body: Item[] }
  | { kind: 'compound'; clauses: string[]; bodies: Item[][] }
  | { kind: 'oneLiner'; text: string };

/** Blank and comment-only lines between statements: Python ignores their indentation. */
const gap: fc.Arbitrary<Item> = fc
  .constantFrom(
    '',
    '   ',
    '\t',
    '# a comment',
    '        # deeper comment',
    '# @flow\n# def fake(): pass',
    '\f',
  )
  .map((text) => ({ kind: 'gap', text }));

const FLOW_DECORATORS = ['@flow', '@flow(name="named-flow")', '@prefect.flow(retries=2)', '@flow()'];
const OTHER_DECORATORS = ['@functools.lru_cache(maxsize=None)', '@task', '@app.route("/x")', '@staticmethod'];

const params = fc.constantFrom(
  '()',
  '(a, b: int = 1, *args, c: str = "x", **kwargs) -> None',
  '(a, /, b)',
  '(\n    a: int,\n    b: "list[str]" = ["s"],  # a comment\n)',
  '(*, key=None)',
);

const block = (item: fc.Arbitrary<Item>): fc.Arbitrary<Item[]> =>
  fc.array(fc.oneof({ weight: 3, arbitrary: item }, { weight: 1, arbitrary: gap }), {
    minLength: 1,
    maxLength: 5,
  });

const itemArbitrary: fc.Arbitrary<Item> = fc.letrec<{ item: Item }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, depthIdentifier: 'item' },
    { weight: 4, arbitrary: simpleStatement.map((text): Item => ({ kind: 'simple', text })) },
    fc
      .tuple(
        fc.array(fc.constantFrom(...OTHER_DECORATORS), { maxLength: 2 }),
        fc.option(fc.constantFrom(...FLOW_DECORATORS), { nil: undefined }),
        fc.boolean(),
        params,
        block(tie('item')),
      )
      .map(([others, flowDecorator, isAsync, signature, body]): Item => ({
        kind: 'def',
        decorators: flowDecorator ? [...others, flowDecorator] : others,
        isFlow: flowDecorator !== undefined,
        async: isAsync,
        params: signature,
        body,
      })),
    fc
      .tuple(fc.constantFrom('', '(Base)', '(Base, metaclass=Meta)'), block(tie('item')))
      .map(([bases, body]): Item => ({ kind: 'class', header: bases, body })),
    fc
      .tuple(
        fc.constantFrom<[string[], number]>(
          [['if x:', 'elif y:', 'else:'], 3],
          [['if x:'], 1],
          [['for v in items:', 'else:'], 2],
          [['while x:'], 1],
          [['try:', 'except (ValueError, KeyError) as err:', 'else:', 'finally:'], 4],
          [['try:', 'finally:'], 2],
          [['with open(x) as handle, lock:'], 1],
          [['match x:\n{u}case 1 | 2:', '{u}case [a, *others]:', '{u}case {"k": v}:', '{u}case _:'], 4],
        ),
        fc.array(block(tie('item')), { minLength: 4, maxLength: 4 }),
      )
      .map(([[clauses, count], bodies]): Item => ({
        kind: 'compound',
        clauses,
        bodies: bodies.slice(0, count),
      })),
    fc
      .constantFrom(
        'if x: y = 1',
        'for v in items: print(v)',
        'def one_line(): return 1',
        'class Empty: pass',
      )
      .map((text): Item => ({ kind: 'oneLiner', text })),
  ),
})).item;

function indentLines(lines: string[], by: string): string[] {
  return lines.map((line) => (line === '' ? line : by + line));
}

/** Renders items at one indentation level; `path` names the enclosing classes and functions. */
function render(
  items: Item[],
  unit: string,
  path: string[],
  inFunction: boolean,
  names: { next: number },
): Rendered {
  const out: Rendered = { lines: [], flows: [] };
  const append = (rendered: Rendered): void => {
    for (const flow of rendered.flows) out.flows.push({ ...flow, index: flow.index + out.lines.length });
    out.lines.push(...rendered.lines);
  };
  const nested = (body: Item[], innerPath: string[], innerFunction: boolean): Rendered => {
    const hasStatement = body.some((item) => item.kind !== 'gap');
    const statements: Item[] = hasStatement ? body : [...body, { kind: 'simple', text: 'pass' }];
    const rendered = render(statements, unit, innerPath, innerFunction, names);
    return { lines: indentLines(rendered.lines, unit), flows: rendered.flows };
  };
  for (const item of items) {
    switch (item.kind) {
      case 'simple':
      case 'gap':
      case 'oneLiner':
        out.lines.push(...item.text.split('\n'));
        break;
      case 'def': {
        names.next += 1;
        const functionName = item.isFlow ? `flow_${names.next}` : `helper_${names.next}`;
        const header = [
          ...item.decorators,
          `${item.async ? 'async ' : ''}def ${functionName}${item.params}:`,
        ];
        const headerLines = header.join('\n').split('\n');
        // Decorators take a line each; the `def` line is the flow's line.
        if (item.isFlow)
          out.flows.push({
            index: out.lines.length + item.decorators.length,
            path: [...path, functionName],
            inFunction,
          });
        out.lines.push(...headerLines);
        const docstring: Item = { kind: 'simple', text: '"""The docstring."""' };
        append(nested([docstring, ...item.body], [...path, functionName, '<locals>'], true));
        break;
      }
      case 'class': {
        names.next += 1;
        const className = `Model${names.next}`;
        out.lines.push(`class ${className}${item.header}:`);
        append(nested(item.body, [...path, className], inFunction));
        break;
      }
      case 'compound': {
        item.clauses.forEach((clause, i) => {
          out.lines.push(...clause.replace(/\{u\}/g, unit).split('\n'));
          const body = nested(item.bodies[i]!, path, inFunction);
          // match: case bodies sit one level deeper than the `case` lines.
          append(
            clause.includes('case ') ? { lines: indentLines(body.lines, unit), flows: body.flows } : body,
          );
        });
        break;
      }
    }
  }
  return out;
}

const moduleStyle = fc.record({
  unit: fc.constantFrom('    ', '  ', '\t'),
  newline: fc.constantFrom('\n', '\n', '\r\n'),
  byteOrderMark: fc.boolean(),
  /** Indices of lines that get a form feed in front (any line: Python reads it as whitespace). */
  formFeeds: fc.array(fc.nat(), { maxLength: 6 }),
});

function assemble(
  rendered: Rendered,
  style: { unit: string; newline: string; byteOrderMark: boolean; formFeeds: number[] },
): GeneratedModule {
  const lines = [...HEADER, ...rendered.lines];
  const lineCount = lines.length;
  for (const at of style.formFeeds) lines[at % lineCount] = `\f${lines[at % lineCount]!}`;
  const source = (style.byteOrderMark ? '\ufeff' : '') + lines.join(style.newline) + style.newline;
  return {
    source,
    flows: rendered.flows.map((flow) => ({
      objName: flow.path.join('.'),
      line: flow.index + HEADER.length + 1,
      deployable: !flow.inFunction,
    })),
  };
}

/** A module of a few dozen statements, nested blocks, classes and flows at any depth. */
export const pythonModule: fc.Arbitrary<GeneratedModule> = fc
  .tuple(fc.array(itemArbitrary, { minLength: 1, maxLength: 8 }), moduleStyle)
  .map(([items, style]) => assemble(render(items, style.unit, [], false, { next: 0 }), style));

/** Small top-level pieces repeated thousands of times in a large module. */
const UNITS: string[][] = [
  ['def unit_{n}(a, b=2):', '{u}return a + b'],
  ['def unit_{n}(): pass'],
  ['CONSTANT_{n} = {n}'],
  ['# a comment line'],
  [''],
  ['class Unit{n}: pass'],
  ['unit_{n} = {', '{u}"key": {n},', '}'],
];

/**
 * A module of up to tens of thousands of lines: a short pattern of small pieces repeated, flows
 * spread through it, and one flow as a method of a class at its very end.
 */
export const largePythonModule: fc.Arbitrary<GeneratedModule> = fc
  .tuple(
    fc.array(fc.nat(UNITS.length - 1), { minLength: 1, maxLength: 8 }),
    fc.integer({ min: 100, max: 3000 }),
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
    moduleStyle,
  )
  .map(([pattern, repeat, flowAt, style]) => {
    const rendered: Rendered = { lines: [], flows: [] };
    const flowUnits = new Set(flowAt.map((at) => Math.floor(at * repeat * pattern.length)));
    let n = 0;
    for (let r = 0; r < repeat; r += 1) {
      for (const unit of pattern) {
        if (flowUnits.has(n)) {
          rendered.flows.push({ index: rendered.lines.length + 2, path: [`flow_${n}`], inFunction: false });
          rendered.lines.push(
            '',
            '@flow',
            `def flow_${n}(day: str = "2024-01-01"):`,
            `${style.unit}return day`,
          );
        }
        rendered.lines.push(
          ...UNITS[unit]!.map((line) => line.replace(/\{n\}/g, String(n)).replace(/\{u\}/g, style.unit)),
        );
        n += 1;
      }
    }
    rendered.lines.push(
      '',
      'class LateDeclared:',
      `${style.unit}@flow`,
      `${style.unit}def run(self, n: int = 3):`,
    );
    rendered.flows.push({
      index: rendered.lines.length - 1,
      path: ['LateDeclared', 'run'],
      inFunction: false,
    });
    rendered.lines.push(`${style.unit}${style.unit}return n`);
    return assemble(rendered, style);
  });
