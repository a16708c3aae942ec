// The parameter schema against what Prefect computes with pydantic: each row is a signature
// and the properties and `required` list Prefect 3 (pydantic 2.13) produced for it.
import { describe, expect, it } from '@jest/globals';
import { python, scan } from './python-snippet.js';

/** Imports every row may use, as a module would have them. */
const HEADER = python(`
  from typing import *
  import typing
  import datetime
  from datetime import date
  import uuid, pathlib, decimal
  import collections.abc
  import pydantic
  from pydantic import Field
  class User: pass
  from prefect import flow
`);

function parametersOf(signature: string, header = HEADER) {
  const result = scan(`${header}\n@flow\ndef f(${signature}): pass\n`);
  expect(result.flows).toHaveLength(1);
  return result.flows[0]!.parameters;
}

type SchemaRow = [signature: string, properties: Record<string, unknown>, required: string[] | null];

// Measured with Prefect's parameter_schema logic on pydantic 2.13; the left column is the
// signature, the right what Prefect sends as parameter_openapi_schema.
const PREFECT_SCHEMAS: SchemaRow[] = [
  [
    "a: bytes = b'x'",
    { a: { default: 'x', format: 'binary', position: 0, title: 'a', type: 'string' } },
    null,
  ],
  ['a: dict', { a: { additionalProperties: true, position: 0, title: 'a', type: 'object' } }, ['a']],
  [
    'a: dict[str, int]',
    { a: { additionalProperties: { type: 'integer' }, position: 0, title: 'a', type: 'object' } },
    ['a'],
  ],
  [
    'a: dict[int, str]',
    { a: { additionalProperties: { type: 'string' }, position: 0, title: 'a', type: 'object' } },
    ['a'],
  ],
  [
    'a: Dict[str, Any]',
    { a: { additionalProperties: true, position: 0, title: 'a', type: 'object' } },
    ['a'],
  ],
  [
    'a: dict[str, User]',
    { a: { additionalProperties: true, position: 0, title: 'a', type: 'object' } },
    ['a'],
  ],
  ['a: tuple', { a: { items: {}, position: 0, title: 'a', type: 'array' } }, ['a']],
  [
    "a: tuple[int, str] = (1, 'a')",
    {
      a: {
        default: [1, 'a'],
        maxItems: 2,
        minItems: 2,
        position: 0,
        prefixItems: [{ type: 'integer' }, { type: 'string' }],
        title: 'a',
        type: 'array',
      },
    },
    null,
  ],
  [
    'a: tuple[int, ...]',
    { a: { items: { type: 'integer' }, position: 0, title: 'a', type: 'array' } },
    ['a'],
  ],
  [
    'a: Tuple[int]',
    {
      a: {
        maxItems: 1,
        minItems: 1,
        position: 0,
        prefixItems: [{ type: 'integer' }],
        title: 'a',
        type: 'array',
      },
    },
    ['a'],
  ],
  ['a: tuple[()]', { a: { maxItems: 0, minItems: 0, position: 0, title: 'a', type: 'array' } }, ['a']],
  ['a: set', { a: { items: {}, position: 0, title: 'a', type: 'array', uniqueItems: true } }, ['a']],
  [
    'a: set[int] = {1}',
    {
      a: {
        default: [1],
        items: { type: 'integer' },
        position: 0,
        title: 'a',
        type: 'array',
        uniqueItems: true,
      },
    },
    null,
  ],
  [
    'a: frozenset[str]',
    { a: { items: { type: 'string' }, position: 0, title: 'a', type: 'array', uniqueItems: true } },
    ['a'],
  ],
  ['a: List', { a: { items: {}, position: 0, title: 'a', type: 'array' } }, ['a']],
  [
    'a: list[list[str]]',
    { a: { items: { items: { type: 'string' }, type: 'array' }, position: 0, title: 'a', type: 'array' } },
    ['a'],
  ],
  ["a: Literal['x']", { a: { const: 'x', position: 0, title: 'a', type: 'string' } }, ['a']],
  ['a: Literal[1, 2]', { a: { enum: [1, 2], position: 0, title: 'a', type: 'integer' } }, ['a']],
  ["a: Literal['a', 1]", { a: { enum: ['a', 1], position: 0, title: 'a' } }, ['a']],
  ['a: Literal[True]', { a: { const: true, position: 0, title: 'a', type: 'boolean' } }, ['a']],
  ['a: Literal[None]', { a: { const: null, position: 0, title: 'a', type: 'null' } }, ['a']],
  [
    "a: Literal[Literal['a'], 'b']",
    { a: { enum: ['a', 'b'], position: 0, title: 'a', type: 'string' } },
    ['a'],
  ],
  ["a: Literal['a', 'a']", { a: { const: 'a', position: 0, title: 'a', type: 'string' } }, ['a']],
  [
    "a: Optional[Literal['a', 'b']] = None",
    {
      a: {
        anyOf: [{ enum: ['a', 'b'], type: 'string' }, { type: 'null' }],
        default: null,
        position: 0,
        title: 'a',
      },
    },
    null,
  ],
  [
    'a: Union[int, str, None]',
    { a: { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }], position: 0, title: 'a' } },
    ['a'],
  ],
  [
    'a: int | str',
    { a: { anyOf: [{ type: 'integer' }, { type: 'string' }], position: 0, title: 'a' } },
    ['a'],
  ],
  [
    'a: Optional[Union[int, str]]',
    { a: { anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }], position: 0, title: 'a' } },
    ['a'],
  ],
  [
    'a: Union[None, int] = None',
    { a: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null, position: 0, title: 'a' } },
    null,
  ],
  ['a: Union[int, int]', { a: { position: 0, title: 'a', type: 'integer' } }, ['a']],
  ['a: Union[int]', { a: { position: 0, title: 'a', type: 'integer' } }, ['a']],
  [
    'a: Union[List[int], Sequence[int]]',
    { a: { items: { type: 'integer' }, position: 0, title: 'a', type: 'array' } },
    ['a'],
  ],
  ['a: Union[User, int, User]', { a: { anyOf: [{}, { type: 'integer' }], position: 0, title: 'a' } }, ['a']],
  [
    'a: Optional[Optional[int]]',
    { a: { anyOf: [{ type: 'integer' }, { type: 'null' }], position: 0, title: 'a' } },
    ['a'],
  ],
  ['a: None = None', { a: { default: null, position: 0, title: 'a', type: 'null' } }, null],
  ['a: Any', { a: { position: 0, title: 'a' } }, ['a']],
  ['a: object', { a: { position: 0, title: 'a' } }, ['a']],
  [
    'a: Optional[Any] = None',
    { a: { anyOf: [{}, { type: 'null' }], default: null, position: 0, title: 'a' } },
    null,
  ],
  ['a: Union[str, Any]', { a: { anyOf: [{ type: 'string' }, {}], position: 0, title: 'a' } }, ['a']],
  ['a: datetime.datetime', { a: { format: 'date-time', position: 0, title: 'a', type: 'string' } }, ['a']],
  ['a: date', { a: { format: 'date', position: 0, title: 'a', type: 'string' } }, ['a']],
  ['a: datetime.time', { a: { format: 'time', position: 0, title: 'a', type: 'string' } }, ['a']],
  ['a: datetime.timedelta', { a: { format: 'duration', position: 0, title: 'a', type: 'string' } }, ['a']],
  ['a: uuid.UUID', { a: { format: 'uuid', position: 0, title: 'a', type: 'string' } }, ['a']],
  ['a: pathlib.Path', { a: { format: 'path', position: 0, title: 'a', type: 'string' } }, ['a']],
  [
    'a: decimal.Decimal',
    {
      a: {
        anyOf: [{ type: 'number' }, { pattern: '^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$', type: 'string' }],
        position: 0,
        title: 'a',
      },
    },
    ['a'],
  ],
  ['a: float = 1', { a: { default: 1, position: 0, title: 'a', type: 'number' } }, null],
  ['a: float = 1.5', { a: { default: 1.5, position: 0, title: 'a', type: 'number' } }, null],
  ["a: str = ''", { a: { default: '', position: 0, title: 'a', type: 'string' } }, null],
  ['a: int = -3', { a: { default: -3, position: 0, title: 'a', type: 'integer' } }, null],
  ['a: int = +3', { a: { default: 3, position: 0, title: 'a', type: 'integer' } }, null],
  ['a = 1e3', { a: { default: 1000.0, position: 0, title: 'a' } }, null],
  ['a = 0x10', { a: { default: 16, position: 0, title: 'a' } }, null],
  ['a = 10_000', { a: { default: 10000, position: 0, title: 'a' } }, null],
  ['a = 0o17', { a: { default: 15, position: 0, title: 'a' } }, null],
  ['a = 0b101', { a: { default: 5, position: 0, title: 'a' } }, null],
  ['a: bool = None', { a: { default: null, position: 0, title: 'a', type: 'boolean' } }, null],
  ['a: int = True', { a: { default: true, position: 0, title: 'a', type: 'integer' } }, null],
  ['a: int = ...', { a: { position: 0, title: 'a', type: 'integer' } }, ['a']],
  ['a = (1, 2)', { a: { default: [1, 2], position: 0, title: 'a' } }, null],
  [
    "a: list = [1, -2, None, 'x', (1,), {'a': {'b': False}}]",
    {
      a: {
        default: [1, -2, null, 'x', [1], { a: { b: false } }],
        items: {},
        position: 0,
        title: 'a',
        type: 'array',
      },
    },
    null,
  ],
  [
    "a: dict = {1: 'x', None: 2, True: 3}",
    {
      a: {
        additionalProperties: true,
        default: { '1': 3, None: 2 },
        position: 0,
        title: 'a',
        type: 'object',
      },
    },
    null,
  ],
  ['a: User', { a: { position: 0, title: 'a' } }, ['a']],
  ['a: User = None', { a: { default: null, position: 0, title: 'a' } }, null],
  [
    'a: Optional[User] = None',
    { a: { anyOf: [{}, { type: 'null' }], default: null, position: 0, title: 'a' } },
    null,
  ],
  ['a: list[User]', { a: { items: {}, position: 0, title: 'a', type: 'array' } }, ['a']],
  [
    'a: tuple[int, User]',
    {
      a: {
        maxItems: 2,
        minItems: 2,
        position: 0,
        prefixItems: [{ type: 'integer' }, {}],
        title: 'a',
        type: 'array',
      },
    },
    ['a'],
  ],
  [
    'a: dict[str, Optional[User]]',
    {
      a: { additionalProperties: { anyOf: [{}, { type: 'null' }] }, position: 0, title: 'a', type: 'object' },
    },
    ['a'],
  ],
  ['a: Callable', { a: { position: 0, title: 'a' } }, ['a']],
  ['a: Optional[Callable] = None', { a: { default: null, position: 0, title: 'a' } }, null],
  ['a: list[Callable]', { a: { position: 0, title: 'a' } }, ['a']],
  ['a: typing.Iterator[int]', { a: { position: 0, title: 'a' } }, ['a']],
  ['a: type = int', { a: { position: 0, title: 'a' } }, null],
  ['a: typing.Type[int]', { a: { position: 0, title: 'a' } }, ['a']],
  ["a: Annotated[int, 'meta']", { a: { position: 0, title: 'a', type: 'integer' } }, ['a']],
  ["a: 'int' = 2", { a: { default: 2, position: 0, title: 'a', type: 'integer' } }, null],
  [
    "a: 'Optional[int]'",
    { a: { anyOf: [{ type: 'integer' }, { type: 'null' }], position: 0, title: 'a' } },
    ['a'],
  ],
  ["a: list['str']", { a: { items: { type: 'string' }, position: 0, title: 'a', type: 'array' } }, ['a']],
  [
    "a: Union[int, 'str']",
    { a: { anyOf: [{ type: 'integer' }, { type: 'string' }], position: 0, title: 'a' } },
    ['a'],
  ],
  [
    'a: typing.List[int]',
    { a: { items: { type: 'integer' }, position: 0, title: 'a', type: 'array' } },
    ['a'],
  ],
  [
    'a: collections.abc.Sequence[int]',
    { a: { items: { type: 'integer' }, position: 0, title: 'a', type: 'array' } },
    ['a'],
  ],
  [
    'a: collections.abc.Mapping[str, int]',
    { a: { additionalProperties: { type: 'integer' }, position: 0, title: 'a', type: 'object' } },
    ['a'],
  ],
  [
    'a: MutableMapping[str, int]',
    { a: { additionalProperties: { type: 'integer' }, position: 0, title: 'a', type: 'object' } },
    ['a'],
  ],
  ['a: Iterable[int]', { a: { items: { type: 'integer' }, position: 0, title: 'a', type: 'array' } }, ['a']],
  [
    "a: int = Field(1, description='d')",
    { a: { default: 1, description: 'd', position: 0, title: 'a', type: 'integer' } },
    null,
  ],
  [
    'a: int = Field(default=None, ge=1)',
    { a: { default: null, position: 0, title: 'a', type: 'integer' } },
    null,
  ],
  ['a: int = Field(default_factory=list)', { a: { position: 0, title: 'a', type: 'integer' } }, ['a']],
  [
    "a: int = pydantic.Field(description='only')",
    { a: { description: 'only', position: 0, title: 'a', type: 'integer' } },
    ['a'],
  ],
  ["a: str = 'caf\\u00e9'", { a: { default: 'café', position: 0, title: 'a', type: 'string' } }, null],
  ["a: str = r'\\d+'", { a: { default: '\\d+', position: 0, title: 'a', type: 'string' } }, null],
  ["a: str = 'a' 'b'", { a: { default: 'ab', position: 0, title: 'a', type: 'string' } }, null],
  ['*args', { args: { position: 0, title: 'args' } }, ['args']],
  ['*args: int', { args: { position: 0, title: 'args', type: 'integer' } }, ['args']],
  ['**kwargs', { kwargs: { position: 0, title: 'kwargs' } }, ['kwargs']],
  ['**kwargs: str', { kwargs: { position: 0, title: 'kwargs', type: 'string' } }, ['kwargs']],
];

describe('parameter schema', () => {
  it('matches Prefect for the reference signature', () => {
    const signature =
      'name: str, count: int = 3, dry_run: bool = False, items: list[str] = ["a"], ' +
      'maybe: Optional[int] = None, mode: Literal["fast","slow"] = "fast", anything=None';
    expect(parametersOf(signature)).toEqual({
      title: 'Parameters',
      type: 'object',
      properties: {
        name: { title: 'name', position: 0, type: 'string' },
        count: { title: 'count', position: 1, type: 'integer', default: 3 },
        dry_run: { title: 'dry_run', position: 2, type: 'boolean', default: false },
        items: { title: 'items', position: 3, type: 'array', items: { type: 'string' }, default: ['a'] },
        maybe: { title: 'maybe', position: 4, anyOf: [{ type: 'integer' }, { type: 'null' }], default: null },
        mode: { title: 'mode', position: 5, type: 'string', enum: ['fast', 'slow'], default: 'fast' },
        anything: { title: 'anything', position: 6, default: null },
      },
      required: ['name'],
    });
  });

  it('has no required list and no properties for a flow without parameters', () => {
    expect(parametersOf('')).toEqual({ title: 'Parameters', type: 'object', properties: {} });
  });

  it.each(PREFECT_SCHEMAS)('%s', (signature, properties, required) => {
    const schema = parametersOf(signature);
    expect(schema.properties).toEqual(properties);
    expect(schema.required).toEqual(required ?? undefined);
    expect(schema.definitions).toBeUndefined();
  });

  it('skips self and cls but keeps counting positions', () => {
    const result = scan(
      python(`
        from prefect import flow
        class Jobs:
            @flow
            def run(self, day: str, *, limit: int = 3): pass

            @flow
            @classmethod
            def again(cls, x): pass
      `),
    );
    expect(result.flows.map((flow) => flow.parameters.properties)).toEqual([
      {
        day: { title: 'day', position: 1, type: 'string' },
        limit: { title: 'limit', position: 2, type: 'integer', default: 3 },
      },
      { x: { title: 'x', position: 1 } },
    ]);
  });

  it('keeps keyword-only and positional-only parameters in signature order', () => {
    expect(parametersOf('a, /, b, *, c=1').properties).toEqual({
      a: { title: 'a', position: 0 },
      b: { title: 'b', position: 1 },
      c: { title: 'c', position: 2, default: 1 },
    });
  });

  it('resolves typing names through the module imports, not by spelling', () => {
    const aliased = 'import typing as t\nimport datetime as dt\nfrom prefect import flow\n';
    expect(parametersOf('a: t.Optional[dt.date] = None', aliased).properties['a']).toEqual({
      title: 'a',
      position: 0,
      anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }],
      default: null,
    });
    // `Optional` was never imported here: a NameError in Python, an unknown type here.
    expect(parametersOf('a: Optional[int] = None', 'from prefect import flow\n').properties['a']).toEqual({
      title: 'a',
      position: 0,
      default: null,
    });
  });

  it('evaluates a default Python computes the same everywhere, and leaves out one it cannot', () => {
    // Prefect runs the module: `len('x')` is 1 (static-default.test.ts has the measured rows).
    expect(parametersOf("a: int = len('x')").properties['a']).toEqual({
      title: 'a',
      position: 0,
      type: 'integer',
      default: 1,
    });
    expect(parametersOf('a: int = 2**70').required).toBeUndefined();
    expect(parametersOf('a: int = 2**70').properties['a']!['default']).toBeUndefined();
  });

  it('takes parameter descriptions from a Google-style Args section', () => {
    const result = scan(
      python(`
        from prefect import flow

        @flow
        def f(day: str, limit: int = 3, other=None):
            """Load.

            Args:
                day: The day,
                    as YYYY-MM-DD.
                limit (int): At most this many.
            """
      `),
    );
    const properties = result.flows[0]!.parameters.properties;
    expect(properties['day']!['description']).toBe('The day,\nas YYYY-MM-DD.');
    expect(properties['limit']!['description']).toBe('At most this many.');
    expect(properties['other']).toEqual({ title: 'other', position: 2, default: null });
  });

  it('writes an empty docstring entry as "", and Field(description=...) over the docstring', () => {
    // Measured against Prefect 3.8.3 (doc-annotated in the scanner notes).
    const result = scan(
      python(`
        from typing import Annotated
        from pydantic import Field
        from prefect import flow

        @flow
        def f(a: Annotated[int, Field(description="ann")], b: Annotated[int, Field(description="ann")] = 1, c: int = Field(1, description=""), d: int = Field(2, description="field")):
            """Summary.

            Args:
                a:
                c: from doc
                d: doc loses
            """
      `),
    );
    const properties = result.flows[0]!.parameters.properties;
    expect(properties['a']).toEqual({ title: 'a', position: 0, type: 'integer', description: '' });
    expect(properties['b']).toEqual({ title: 'b', position: 1, type: 'integer', default: 1 });
    expect(properties['c']!['description']).toBe('from doc');
    expect(properties['d']!['description']).toBe('field');
  });
});
