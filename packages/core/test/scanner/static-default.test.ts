// Defaults Prefect evaluates when it imports a flow, evaluated here without Python. Every row of
// MEASURED was compared with the schema Prefect 3.8.3 itself computed (pydantic 2.13) for a
// flow with that default; the properties check the arithmetic and formats row by row cannot.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PrefectFlowFinder } from '../../src/scanner/index.js';
import { isoDuration } from '../../src/scanner/python-value.js';
import { python, scan } from './python-snippet.js';

const HEADER = python(`
  import datetime, decimal, http, logging, math, os, pathlib, string, uuid
  from datetime import date, time, timedelta, timezone
  from decimal import Decimal
  from pathlib import Path
  from os import getenv, environ
  from prefect import flow
  NAME = "n"
`);

function flowOf(signature: string, module = '') {
  const result = scan(`${HEADER}\n${module}\n@flow\ndef f(${signature}): pass\n`);
  expect(result.flows).toHaveLength(1);
  return { flow: result.flows[0]!, warnings: result.warnings.map((warning) => warning.message) };
}

function defaultOf(expression: string): unknown {
  return flowOf(`a=${expression}`).flow.parameters.properties['a']!['default'];
}

const MEASURED: [expression: string, json: unknown][] = [
  ['50 * 1e-6', 4.9999999999999996e-5],
  ['-1', -1],
  ['2**10', 1024],
  ['1/4', 0.25],
  ['7//2', 3],
  ['-7 // 2', -4],
  ['7 % 3', 1],
  ['-7 % 3', 2],
  ['7.5 % -2', -0.5],
  ['2**0.5', Math.SQRT2],
  ['2**-1', 0.5],
  ['10 - 3 * 2', 4],
  ['True + 1', 2],
  ['~5', -6],
  ['1 << 4', 16],
  ['0xff & 0x0f', 15],
  ['not 0', true],
  ['0.1 + 0.2', 0.30000000000000004],
  ['10 / 2', 5],
  ['1e16', 1e16],
  ['"ab" * 2', 'abab'],
  ['"x" * 0', ''],
  ['"a" + "b"', 'ab'],
  ['[1] + [2]', [1, 2]],
  ['(1, 2) * 2', [1, 2, 1, 2]],
  ['[0] * 3', [0, 0, 0]],
  ['(1,)', [1]],
  ['[(1, 2), {3}]', [[1, 2], [3]]],
  ['b"abc"', 'abc'],
  ['f"{NAME}-x"', 'n-x'],
  ['{1: "a", 2: "b"}', { '1': 'a', '2': 'b' }],
  ['{1.5: "x"}', { '1.5': 'x' }],
  ['{None: 1, True: 2}', { None: 1, true: 2 }],
  // pydantic sorts a set default; `True == 1` is one member.
  ['{3, 1, 2}', [1, 2, 3]],
  ['{"b", "a"}', ['a', 'b']],
  ['{1, True}', [1]],
  ['set()', []],
  ['list(range(2015, 2025))', [2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]],
  ['list(range(3))', [0, 1, 2]],
  ['tuple([1, 2])', [1, 2]],
  ['tuple()', []],
  ['tuple("ab") + ("c",)', ['a', 'b', 'c']],
  ['frozenset({3, 1, 2})', [1, 2, 3]],
  ['frozenset([5, 4])', [4, 5]],
  ['set([3, 1, 2])', [1, 2, 3]],
  ['sorted([3, 1])', [1, 3]],
  ['sorted({"b", "a"}, reverse=True)', ['b', 'a']],
  ['dict(a=1, b=[2])', { a: 1, b: [2] }],
  ['dict([("a", 1)])', { a: 1 }],
  ['dict()', {}],
  ['list("ab")', ['a', 'b']],
  ['list({"a": 1})', ['a']],
  ['str(5)', '5'],
  ['str(True)', 'True'],
  ['int("5")', 5],
  ['int(" 42 ")', 42],
  ['float("1.5")', 1.5],
  ['float("inf")', null],
  ['bool(0)', false],
  ['abs(-3)', 3],
  ['abs(-2.5)', 2.5],
  ['min(1, 2)', 1],
  ['min([3, 1.5])', 1.5],
  ['max([4, 9])', 9],
  ['max("ab", "b")', 'b'],
  ['len("abc")', 3],
  ['len([1, 2])', 2],
  ['round(2.5)', 2],
  ['round(3.7)', 4],
  ['sum([1, 2.5])', 3.5],
  ['1 if NAME else 2', 1],
  ['logging.INFO', 20],
  ['logging.DEBUG', 10],
  ['logging.WARNING', 30],
  ['logging.CRITICAL', 50],
  ['http.HTTPStatus.OK', 200],
  ['math.pi', Math.PI],
  ['math.inf', null],
  ['string.ascii_lowercase', 'abcdefghijklmnopqrstuvwxyz'],
  ['datetime.timedelta(minutes=5)', 'PT5M'],
  ['timedelta(days=1, hours=2)', 'P1DT2H'],
  ['timedelta(seconds=0.5)', 'PT0.5S'],
  ['timedelta(seconds=1e-6)', 'PT0.000001S'],
  ['timedelta(0)', 'PT0S'],
  ['timedelta(weeks=1)', 'P7D'],
  ['timedelta(hours=-1)', '-PT1H'],
  ['timedelta(days=-1, hours=1)', '-PT23H'],
  ['timedelta(hours=1.5)', 'PT1H30M'],
  ['timedelta(microseconds=1)', 'PT0.000001S'],
  ['timedelta(days=400)', 'P1Y35D'],
  ['timedelta(minutes=5) * 2', 'PT10M'],
  ['timedelta(days=2) - timedelta(hours=1)', 'P1DT23H'],
  ['datetime.timedelta(hours=1, minutes=30, seconds=15)', 'PT1H30M15S'],
  ['datetime.date(2024, 1, 1)', '2024-01-01'],
  ['datetime.datetime(2024, 1, 1, 12, 30)', '2024-01-01T12:30:00'],
  ['datetime.datetime(2024, 1, 1, 0, 0, 0, 500)', '2024-01-01T00:00:00.000500'],
  ['datetime.datetime(2024, 1, 1, tzinfo=timezone.utc)', '2024-01-01T00:00:00Z'],
  ['datetime.datetime(2024, 2, 29, tzinfo=timezone(timedelta(hours=2)))', '2024-02-29T00:00:00+02:00'],
  ['time(12, 30)', '12:30:00'],
  ['time(1, 2, 3, 4)', '01:02:03.000004'],
  ['datetime.time(12, tzinfo=timezone.utc)', '12:00:00Z'],
  ['Decimal("1.5")', '1.5'],
  ['Decimal("0.0000010")', '0.0000010'],
  ['Decimal("007.50")', '7.50'],
  ['Decimal("-1.0")', '-1.0'],
  ['decimal.Decimal(2)', '2'],
  ['uuid.UUID("12345678-1234-5678-1234-567812345678")', '12345678-1234-5678-1234-567812345678'],
  ['uuid.UUID("{12345678123456781234567812345678}")', '12345678-1234-5678-1234-567812345678'],
  ['Path("/tmp/x")', '/tmp/x'],
  ['Path("a//b/./c/")', 'a/b/c'],
  ['Path("/a", "b", "/c")', '/c'],
  ['pathlib.PurePosixPath("a/b")', 'a/b'],
];

describe('defaults Prefect evaluates at import', () => {
  it.each(MEASURED)('%s', (expression, json) => {
    expect(defaultOf(expression)).toEqual(json);
  });

  it.each([
    ['date.today()', 'date.today()'],
    ['datetime.datetime.now()', 'datetime.datetime.now()'],
    ['uuid.uuid4()', 'uuid.uuid4()'],
    // Known to Python, but JSON numbers here hold integers exactly only up to 2^53.
    ['2**64', '2**64'],
    ['settings.DAY', 'settings.DAY'],
  ])('leaves out %s and says so in the flow warnings', (expression, shown) => {
    const { flow, warnings } = flowOf(`day=${expression}, other: int = 1`, 'import settings');
    expect(flow.parameters.properties['day']).toEqual({ title: 'day', position: 0 });
    expect(flow.parameters.required).toBeUndefined();
    expect(warnings).toEqual([
      `Flow f: the default of parameter "day" (${shown}) is only known when Python runs it, so the parameter schema leaves it out; the flow still applies it when a run does not set it.`,
    ]);
  });

  it('writes the fallback of os.getenv and os.environ.get, and names the variable', () => {
    const { flow, warnings } = flowOf(
      'a: str = os.getenv("BUCKET", "raw"), b = environ.get("REGION", "eu"), c = getenv("TOKEN"), d: int = int(os.getenv("N", "5"))',
    );
    const properties = flow.parameters.properties;
    expect([properties['a']!['default'], properties['b']!['default'], properties['c']!['default']]).toEqual([
      'raw',
      'eu',
      null,
    ]);
    expect(properties['d']!['default']).toBe(5);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toBe(
      'Flow f: the default of parameter "a" reads the environment variable BUCKET when Prefect imports the flow; the parameter schema shows its fallback "raw", what a machine without BUCKET (a clean CI runner) gives. Set the default in the code or in the deployment\'s parameters if it should differ.',
    );
    expect(warnings[3]).toContain('environment variable N ');
  });

  it('follows constants, Final ones included, to their value', () => {
    const module = python(`
      from typing import Final
      import typing
      LIMIT: Final = 10
      RATE: typing.Final[float] = 0.5
      PAGES = [LIMIT, LIMIT * 2]
    `);
    const properties = flowOf('limit: int = LIMIT, rate: float = RATE, pages = PAGES', module).flow.parameters
      .properties;
    expect([
      properties['limit']!['default'],
      properties['rate']!['default'],
      properties['pages']!['default'],
    ]).toEqual([10, 0.5, [10, 20]]);
  });

  it('dumps an instance of a repository model as pydantic does, defaults filled in', () => {
    const module = python(`
      from enum import Enum
      from pydantic import BaseModel, Field
      DEFAULT_TAGS = ["etl"]
      class Kind(str, Enum):
          A = "a"
      class Target(BaseModel):
          name: str
          retries: int = 3
          kind: Kind = Kind.A
          tags: list[str] = Field(default=DEFAULT_TAGS)
          alias_field: int = Field(default=1, alias="aliasField")
      class Outer(BaseModel):
          inner: Target = Target(name="x")
          other: Target = Field(default=Target(name="y", retries=5))
    `);
    const { flow } = flowOf('target: Target = Target(name="x"), outer: Outer = Outer()', module);
    const target = { name: 'x', retries: 3, kind: 'a', tags: ['etl'], aliasField: 1 };
    expect(flow.parameters.properties['target']!['default']).toEqual(target);
    expect(flow.parameters.properties['outer']!['default']).toEqual({
      inner: target,
      other: { ...target, name: 'y', retries: 5 },
    });
    expect(flow.parameters.definitions!['Outer']).toEqual({
      title: 'Outer',
      type: 'object',
      properties: {
        inner: { $ref: '#/definitions/Target', default: target },
        other: { $ref: '#/definitions/Target', default: { ...target, name: 'y', retries: 5 } },
      },
    });
  });

  it('dumps dataclass instances (fields in order) and lists and dicts of instances', () => {
    const module = python(`
      from dataclasses import dataclass
      from enum import Enum
      from pydantic import BaseModel
      class Region(str, Enum):
          EU = "eu"
          US = "us"
      @dataclass
      class Window:
          start: int
          end: int = 10
      class Target(BaseModel):
          name: str
          region: Region = Region.EU
    `);
    const { flow } = flowOf(
      'window: Window = Window(1), targets: list[Target] = [Target(name="a"), Target(name="b", region=Region.US)], by_name: dict[str, Target] = {"x": Target(name="x")}, bad: Target = Target("positional")',
      module,
    );
    const defaults = Object.fromEntries(
      Object.entries(flow.parameters.properties).map(([name, property]) => [name, property['default']]),
    );
    expect(defaults).toEqual({
      window: { start: 1, end: 10 },
      targets: [
        { name: 'a', region: 'eu' },
        { name: 'b', region: 'us' },
      ],
      by_name: { x: { name: 'x', region: 'eu' } },
      // A pydantic model takes no positional arguments: Python raises, nothing to write.
      bad: undefined,
    });
  });

  it('never takes a default_factory for a default', () => {
    const module = python(`
      from pydantic import BaseModel, Field
      class Config(BaseModel):
          items: list[int] = Field(default_factory=list)
    `);
    const { flow } = flowOf('cfg: Config, items: list[int] = Field(default_factory=list)', module);
    expect(flow.parameters.required).toEqual(['cfg', 'items']);
    expect(flow.parameters.definitions!['Config']!['properties']).toEqual({
      items: { title: 'Items', type: 'array', items: { type: 'integer' } },
    });
  });
});

describe('defaults imported from another module of the repository', () => {
  let repo: string;
  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'static-default-'));
  });
  afterEach(() => {
    rmSync(repo, { recursive: true, force: true });
  });

  it('reads constants of the repository, in signatures and in model fields', async () => {
    const write = (relative: string, content: string): void => {
      mkdirSync(path.dirname(path.join(repo, relative)), { recursive: true });
      writeFileSync(path.join(repo, relative), content);
    };
    write('pipelines/__init__.py', '');
    write(
      'pipelines/constants.py',
      python(`
        from typing import Final
        DEFAULT_PAGE_SIZE: Final = 100
        NAMES: Final[list[str]] = ["a", "b"]
        OTHER: int = 7
      `),
    );
    write(
      'flow.py',
      python(`
        from prefect import flow
        from pydantic import BaseModel, Field
        from pipelines.constants import DEFAULT_PAGE_SIZE, NAMES
        from pipelines import constants

        class Config(BaseModel):
            page: int = DEFAULT_PAGE_SIZE
            names: list[str] = Field(default=NAMES)

        @flow
        def f(cfg: Config, size: int = DEFAULT_PAGE_SIZE, other: int = constants.OTHER): pass
      `),
    );
    const result = await new PrefectFlowFinder().findFlows({ root: repo, repoRoot: repo, exclude: [] });
    const parameters = result.flows[0]!.parameters;
    expect(parameters.properties['size']!['default']).toBe(100);
    expect(parameters.properties['other']!['default']).toBe(7);
    expect(parameters.definitions!['Config']!['properties']).toEqual({
      page: { title: 'Page', type: 'integer', default: 100 },
      names: { title: 'Names', type: 'array', items: { type: 'string' }, default: ['a', 'b'] },
    });
    expect(result.warnings).toEqual([]);
  });
});

describe('properties of the evaluation', () => {
  const smallInt = fc.integer({ min: -1_000_000, max: 1_000_000 });
  const nonZero = smallInt.filter((value) => value !== 0);

  it('floor division and modulo follow Python: a == (a // b) * b + a % b, the remainder signed as b', () => {
    fc.assert(
      fc.property(smallInt, nonZero, (a, b) => {
        const quotient = defaultOf(`(${a}) // (${b})`) as number;
        const remainder = defaultOf(`(${a}) % (${b})`) as number;
        expect(quotient * b + remainder).toBe(a);
        expect(remainder === 0 || Math.sign(remainder) === Math.sign(b)).toBe(true);
        expect(Math.abs(remainder)).toBeLessThan(Math.abs(b));
      }),
      { numRuns: 60 },
    );
  });

  it('integer arithmetic is exact', () => {
    fc.assert(
      fc.property(smallInt, smallInt, (a, b) => {
        expect(defaultOf(`${a} + ${b} * 3 - (${a})`)).toBe(b * 3 + 0);
        expect(defaultOf(`(${a}) * (${b})`)).toBe(a * b + 0);
      }),
      { numRuns: 60 },
    );
  });

  it('a literal written in Python evaluates to the JSON it spells', () => {
    const scalar = fc.oneof(
      fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
      fc.boolean(),
      fc.constant(null),
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', 'é', '"', "'") }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { maxDepth: 3 },
        scalar,
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string({ unit: fc.constantFrom('k', 'x', '_') }), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    const spell = (json: unknown): string => {
      if (json === null) return 'None';
      if (typeof json === 'boolean') return json ? 'True' : 'False';
      if (typeof json === 'number') return String(json);
      if (typeof json === 'string') return JSON.stringify(json);
      if (Array.isArray(json)) return `[${json.map(spell).join(', ')}]`;
      const entries = Object.entries(json as Record<string, unknown>);
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}: ${spell(item)}`).join(', ')}}`;
    };
    fc.assert(
      fc.property(value, (json) => {
        expect(defaultOf(spell(json))).toEqual(json);
      }),
      { numRuns: 80 },
    );
  });

  it('a duration reads back to the microseconds it was written from', () => {
    const micros = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
    fc.assert(
      fc.property(micros, (total) => {
        const text = isoDuration(total);
        const match =
          /^(-)?P(?:(\d+)Y)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,6}))?S)?)?$/.exec(text);
        expect(match).not.toBeNull();
        const [, sign, years = '0', days = '0', hours = '0', minutes = '0', seconds = '0', fraction = ''] =
          match!;
        const back =
          (((BigInt(years) * 365n + BigInt(days)) * 24n + BigInt(hours)) * 60n + BigInt(minutes)) *
            60_000_000n +
          BigInt(seconds) * 1_000_000n +
          BigInt(fraction.padEnd(6, '0') || '0');
        expect(sign ? -back : back).toBe(total);
      }),
    );
  });
});
