// Parameter schemas for types the repository defines: aliases, pydantic models, enums,
// dataclasses, TypedDicts, Annotated constraints, and classes imported from sibling modules.
//
// Where each expected row comes from: Prefect 3 builds one pydantic model from the signature
// (`utilities/callables.py`, `parameter_schema`) and keeps pydantic 2's JSON schema with `$defs`
// copied to `definitions` and refs rewritten to `#/definitions/...` (`_internal/pydantic/v2_schema.py`).
// pydantic 2 documents: a model is `{properties, required, title: ClassName, type: object}` with
// field titles `name.title()` with `_` as spaces and the docstring (cleandoc) as description; a
// standard dataclass is the same without its generated docstring; a TypedDict likewise, every key
// required unless `total=False`/`NotRequired`; an Enum is `{enum: values, title, type}` with the
// type only when the values share one (or from a `str`/`int` mixin); `Annotated[..., Field(ge=...)]`
// gives `minimum` etc.; `SecretStr` is `{type: string, format: password, writeOnly: true}`; a
// named `type X = ...` alias is a `$ref` to a definition named X (pydantic's TypeAliasType tests).
// Since pydantic 2.9 (PR #10029) a `$ref` carries its siblings (`default`, `description`) directly,
// not wrapped in `allOf`; a field whose schema is a reference (or Optional of one) has no `title`
// unless `Field(title=...)` gives one (`field_title_should_be_set`): measured against Prefect 3.8.3.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { PrefectFlowFinder } from '../../src/scanner/index.js';
import { python, scan } from './python-snippet.js';

const IMPORTS = python(`
  from typing import *
  from enum import Enum, IntEnum, auto
  from dataclasses import dataclass, field
  import pydantic
  from pydantic import BaseModel, Field, SecretStr
  from prefect import flow
`);

type Row = [
  title: string,
  /** Module code between the imports and the flow. */
  module: string,
  signature: string,
  /** The `parameters` schema, without its constant `title` and `type`. */
  expected: Record<string, unknown>,
];

/** The tagged union pydantic writes for `Field(discriminator="pet_type")` over Cat and Dog. */
const TAGGED = {
  oneOf: [{ $ref: '#/definitions/Cat' }, { $ref: '#/definitions/Dog' }],
  discriminator: {
    propertyName: 'pet_type',
    mapping: { cat: '#/definitions/Cat', kitten: '#/definitions/Cat', dog: '#/definitions/Dog' },
  },
};

const ROWS: Row[] = [
  [
    'a module-level Literal alias',
    'Choices = Literal["yes", "no"]',
    'answer: Choices = "yes"',
    {
      properties: {
        answer: { title: 'answer', position: 0, type: 'string', enum: ['yes', 'no'], default: 'yes' },
      },
    },
  ],
  [
    'an alias of Optional, and an alias of an alias',
    'MaybeInt = Optional[int]\nCount = MaybeInt',
    'a: Count = None',
    {
      properties: {
        a: { title: 'a', position: 0, anyOf: [{ type: 'integer' }, { type: 'null' }], default: null },
      },
    },
  ],
  [
    'an alias of list, declared with TypeAlias',
    'Names: TypeAlias = list[str]',
    'names: Names',
    {
      properties: { names: { title: 'names', position: 0, type: 'array', items: { type: 'string' } } },
      required: ['names'],
    },
  ],
  [
    'an alias bound twice is not followed',
    'Choices = Literal["a"]\nChoices = Literal["b"]',
    'a: Choices',
    { properties: { a: { title: 'a', position: 0 } }, required: ['a'] },
  ],
  [
    'a PEP 695 alias is a named definition',
    'type Mode = Literal["fast", "slow"]',
    'mode: Mode = "fast"',
    {
      properties: { mode: { title: 'mode', position: 0, $ref: '#/definitions/Mode', default: 'fast' } },
      definitions: { Mode: { enum: ['fast', 'slow'], type: 'string' } },
    },
  ],
  [
    'a class of another library is an arbitrary type, {}, in a union too',
    'from vendor import Thing',
    'a: Union[Thing, str]',
    {
      properties: { a: { title: 'a', position: 0, anyOf: [{}, { type: 'string' }] } },
      required: ['a'],
    },
  ],
  [
    'a class of another library written dotted is {} wherever it stands',
    'import globus_sdk\nimport vendor.clients as vc',
    'a: Optional[globus_sdk.TransferClient] = None, b: vc.Client, c: list[globus_sdk.AuthClient] = [], d: Union[globus_sdk.TransferClient, globus_sdk.AuthClient, None] = None',
    {
      properties: {
        a: { title: 'a', position: 0, anyOf: [{}, { type: 'null' }], default: null },
        b: { title: 'b', position: 1 },
        c: { title: 'c', position: 2, type: 'array', items: {}, default: [] },
        // pydantic drops repeated members: two arbitrary types are one `{}`.
        d: { title: 'd', position: 3, anyOf: [{}, { type: 'null' }], default: null },
      },
      required: ['b'],
    },
  ],
  [
    'list, dict and tuple are the builtins whatever typing import the file tried',
    'try:\n    from typing import list, dict\nexcept ImportError:\n    pass\nimport typing_extensions as te',
    'a: list[str], b: dict[str, int] = {}, c: te.List[int] = []',
    {
      properties: {
        a: { title: 'a', position: 0, type: 'array', items: { type: 'string' } },
        b: {
          title: 'b',
          position: 1,
          type: 'object',
          additionalProperties: { type: 'integer' },
          default: {},
        },
        c: { title: 'c', position: 2, type: 'array', items: { type: 'integer' }, default: [] },
      },
      required: ['a'],
    },
  ],
  [
    'a field that is a reference (model, Optional model, Enum) has no title unless Field gives one',
    python(`
      class Region(str, Enum):
          EU = "eu"
      class Inner(BaseModel):
          n: int = 1
      class Config(BaseModel):
          run: Inner
          maybe: Inner | None = None
          region: Optional[Region] = None
          named: Inner = Field(title="Custom", description="d")
          several: list[Inner] = []
          either: Union[Inner, int] = 1
    `),
    'config: Config',
    {
      properties: { config: { title: 'config', position: 0, $ref: '#/definitions/Config' } },
      required: ['config'],
      definitions: {
        Config: {
          title: 'Config',
          type: 'object',
          properties: {
            run: { $ref: '#/definitions/Inner' },
            maybe: { anyOf: [{ $ref: '#/definitions/Inner' }, { type: 'null' }], default: null },
            region: { anyOf: [{ $ref: '#/definitions/Region' }, { type: 'null' }], default: null },
            named: { $ref: '#/definitions/Inner', title: 'Custom', description: 'd' },
            several: { title: 'Several', type: 'array', items: { $ref: '#/definitions/Inner' }, default: [] },
            either: {
              title: 'Either',
              anyOf: [{ $ref: '#/definitions/Inner' }, { type: 'integer' }],
              default: 1,
            },
          },
          required: ['run', 'named'],
        },
        Inner: {
          title: 'Inner',
          type: 'object',
          properties: { n: { title: 'N', type: 'integer', default: 1 } },
        },
        Region: { title: 'Region', type: 'string', enum: ['eu'] },
      },
    },
  ],
  [
    'Field keywords pydantic does not declare land in the schema; a parameter keeps only those and json_schema_extra',
    python(`
      class Config(BaseModel):
          a: int = Field(1, desciption="typo")
          b: str = Field("x", example="ex", examples=["e1"])
          f: Annotated[str, Field(examples=["e"], json_schema_extra={"ui": "text"})] = "f"
          c: int = Field(2, json_schema_extra={"ui": "slider"}, other="dropped")
          d: list[int] = Field([], min_length=1, max_length=3)
          e: str = Field("y", deprecated=True)
    `),
    'cfg: Config, p: int = Field(5, desciption="typo", ge=0), q: int = Field(1, json_schema_extra={"k": 1})',
    {
      properties: {
        cfg: { title: 'cfg', position: 0, $ref: '#/definitions/Config' },
        p: { title: 'p', position: 1, type: 'integer', default: 5, desciption: 'typo' },
        q: { title: 'q', position: 2, type: 'integer', default: 1, k: 1 },
      },
      required: ['cfg'],
      definitions: {
        Config: {
          title: 'Config',
          type: 'object',
          properties: {
            a: { title: 'A', type: 'integer', default: 1, desciption: 'typo' },
            b: { title: 'B', type: 'string', default: 'x', example: 'ex', examples: ['e1'] },
            c: { title: 'C', type: 'integer', default: 2, ui: 'slider' },
            d: {
              title: 'D',
              type: 'array',
              items: { type: 'integer' },
              default: [],
              minItems: 1,
              maxItems: 3,
            },
            e: { title: 'E', type: 'string', default: 'y', deprecated: true },
            f: { title: 'F', type: 'string', default: 'f', examples: ['e'], ui: 'text' },
          },
        },
      },
    },
  ],
  [
    'a discriminated union is oneOf plus discriminator {propertyName, mapping}, wherever it stands',
    python(`
      class Cat(BaseModel):
          pet_type: Literal["cat", "kitten"]
      class Dog(BaseModel):
          pet_type: Literal["dog"]
      class Owner(BaseModel):
          pet: Union[Cat, Dog] = Field(discriminator="pet_type")
          maybe: Optional[Annotated[Cat | Dog, Field(discriminator="pet_type")]] = None
          pets: list[Annotated[Union[Cat, Dog], Field(discriminator="pet_type")]] = []
    `),
    'pet: Annotated[Union[Cat, Dog], Field(discriminator="pet_type")], owner: Owner',
    {
      properties: {
        pet: { title: 'pet', position: 0, ...TAGGED },
        owner: { title: 'owner', position: 1, $ref: '#/definitions/Owner' },
      },
      required: ['pet', 'owner'],
      definitions: {
        Cat: {
          title: 'Cat',
          type: 'object',
          properties: { pet_type: { title: 'Pet Type', type: 'string', enum: ['cat', 'kitten'] } },
          required: ['pet_type'],
        },
        Dog: {
          title: 'Dog',
          type: 'object',
          properties: { pet_type: { title: 'Pet Type', type: 'string', const: 'dog' } },
          required: ['pet_type'],
        },
        Owner: {
          title: 'Owner',
          type: 'object',
          properties: {
            pet: { title: 'Pet', ...TAGGED },
            maybe: { title: 'Maybe', anyOf: [TAGGED, { type: 'null' }], default: null },
            pets: { title: 'Pets', type: 'array', items: TAGGED, default: [] },
          },
          required: ['pet'],
        },
      },
    },
  ],
  [
    'a discriminator on Enum members reads their values',
    python(`
      class Kind(str, Enum):
          CAT = "cat"
          DOG = "dog"
      class Cat(BaseModel):
          kind: Literal[Kind.CAT]
      class Dog(BaseModel):
          kind: Literal[Kind.DOG]
    `),
    'pet: Annotated[Cat | Dog, Field(discriminator="kind")]',
    {
      properties: {
        pet: {
          title: 'pet',
          position: 0,
          oneOf: [{ $ref: '#/definitions/Cat' }, { $ref: '#/definitions/Dog' }],
          discriminator: {
            propertyName: 'kind',
            mapping: { cat: '#/definitions/Cat', dog: '#/definitions/Dog' },
          },
        },
      },
      required: ['pet'],
      definitions: {
        Cat: {
          title: 'Cat',
          type: 'object',
          properties: { kind: { title: 'Kind', type: 'string', const: 'cat' } },
          required: ['kind'],
        },
        Dog: {
          title: 'Dog',
          type: 'object',
          properties: { kind: { title: 'Kind', type: 'string', const: 'dog' } },
          required: ['kind'],
        },
      },
    },
  ],
  [
    // Prefect's eval_str fails as a whole; pydantic then resolves the strings in Prefect's module.
    "one string annotation naming an unbound name sends every string annotation to Prefect's namespace",
    '',
    'a: "Optional[int]" = None, b: "missing.X" = None, c: "list[str]" = [], d: int = 1, e: "typing.Optional[int]" = None',
    {
      properties: {
        a: { title: 'a', position: 0, default: null },
        b: { title: 'b', position: 1, default: null },
        c: { title: 'c', position: 2, type: 'array', items: { type: 'string' }, default: [] },
        d: { title: 'd', position: 3, type: 'integer', default: 1 },
        e: { title: 'e', position: 4, anyOf: [{ type: 'integer' }, { type: 'null' }], default: null },
      },
    },
  ],
  [
    'a pydantic model with defaults, descriptions and a docstring',
    python(`
      class Config(BaseModel):
          """How to load.

          Twice indented.
          """
          source_table: str
          max_retries: int = 3
          dry_run: bool = Field(False, description="Only print.")
          _cache: dict = {}
          limit: ClassVar[int] = 10
    `),
    'config: Config',
    {
      properties: { config: { title: 'config', position: 0, $ref: '#/definitions/Config' } },
      required: ['config'],
      definitions: {
        Config: {
          title: 'Config',
          type: 'object',
          description: 'How to load.\n\nTwice indented.',
          properties: {
            source_table: { title: 'Source Table', type: 'string' },
            max_retries: { title: 'Max Retries', type: 'integer', default: 3 },
            dry_run: { title: 'Dry Run', type: 'boolean', default: false, description: 'Only print.' },
          },
          required: ['source_table'],
        },
      },
    },
  ],
  [
    // pydantic: an explicit `title=` wins over the generated one; `ge=`/`max_length=` on a field
    // land on its schema, or on the non-None member of an Optional.
    'a model field with Field(title=..., ge=..., max_length=...)',
    python(`
      class Run(BaseModel):
          sqd: int = Field(default=24, title="SQD", ge=0)
          code: Optional[str] = Field(None, max_length=3)
    `),
    'run: Run',
    {
      properties: { run: { title: 'run', position: 0, $ref: '#/definitions/Run' } },
      required: ['run'],
      definitions: {
        Run: {
          title: 'Run',
          type: 'object',
          properties: {
            sqd: { title: 'SQD', type: 'integer', minimum: 0, default: 24 },
            code: {
              title: 'Code',
              anyOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }],
              default: null,
            },
          },
        },
      },
    },
  ],
  [
    'a nested model, an optional model and an inherited field',
    python(`
      class Base(BaseModel):
          env: str = "dev"

      class Target(Base):
          table: str

      class Job(Base):
          target: Target
          backup: Optional[Target] = None
    `),
    'job: Job',
    {
      properties: { job: { title: 'job', position: 0, $ref: '#/definitions/Job' } },
      required: ['job'],
      definitions: {
        Job: {
          title: 'Job',
          type: 'object',
          properties: {
            env: { title: 'Env', type: 'string', default: 'dev' },
            target: { $ref: '#/definitions/Target' },
            backup: {
              anyOf: [{ $ref: '#/definitions/Target' }, { type: 'null' }],
              default: null,
            },
          },
          required: ['target'],
        },
        Target: {
          title: 'Target',
          type: 'object',
          properties: {
            env: { title: 'Env', type: 'string', default: 'dev' },
            table: { title: 'Table', type: 'string' },
          },
          required: ['table'],
        },
      },
    },
  ],
  [
    'a str Enum, an IntEnum with auto(), and one of mixed values',
    python(`
      class Color(str, Enum):
          """Paint."""
          RED = "red"
          BLUE = "blue"

      class Level(IntEnum):
          LOW = auto()
          HIGH = auto()

      class Mixed(Enum):
          A = 1
          B = "b"
    `),
    'color: Color = "red", level: Optional[Level] = None, mixed: Mixed = 1',
    {
      properties: {
        color: { title: 'color', position: 0, $ref: '#/definitions/Color', default: 'red' },
        level: {
          title: 'level',
          position: 1,
          anyOf: [{ $ref: '#/definitions/Level' }, { type: 'null' }],
          default: null,
        },
        mixed: { title: 'mixed', position: 2, $ref: '#/definitions/Mixed', default: 1 },
      },
      definitions: {
        Color: { title: 'Color', enum: ['red', 'blue'], type: 'string', description: 'Paint.' },
        Level: { title: 'Level', enum: [1, 2], type: 'integer' },
        Mixed: { title: 'Mixed', enum: [1, 'b'] },
      },
    },
  ],
  [
    'a standard dataclass: no description (its __doc__ is the generated signature)',
    python(`
      @dataclass
      class Window:
          """Ignored by pydantic for a standard dataclass."""
          days: int
          tags: list[str] = field(default_factory=list)
          retries: int = field(default=3)
          label: str = "all"
    `),
    'window: Window',
    {
      properties: { window: { title: 'window', position: 0, $ref: '#/definitions/Window' } },
      required: ['window'],
      definitions: {
        Window: {
          title: 'Window',
          type: 'object',
          properties: {
            days: { title: 'Days', type: 'integer' },
            tags: { title: 'Tags', type: 'array', items: { type: 'string' } },
            retries: { title: 'Retries', type: 'integer', default: 3 },
            label: { title: 'Label', type: 'string', default: 'all' },
          },
          required: ['days'],
        },
      },
    },
  ],
  [
    'a TypedDict, total and not, with NotRequired',
    python(`
      class Options(TypedDict):
          name: str
          size: NotRequired[int]

      class Loose(TypedDict, total=False):
          note: str
    `),
    'options: Options, loose: Loose',
    {
      properties: {
        options: { title: 'options', position: 0, $ref: '#/definitions/Options' },
        loose: { title: 'loose', position: 1, $ref: '#/definitions/Loose' },
      },
      required: ['options', 'loose'],
      definitions: {
        Options: {
          title: 'Options',
          type: 'object',
          properties: { name: { title: 'Name', type: 'string' }, size: { title: 'Size', type: 'integer' } },
          required: ['name'],
        },
        Loose: { title: 'Loose', type: 'object', properties: { note: { title: 'Note', type: 'string' } } },
      },
    },
  ],
  [
    'a class on an unknown base is left untyped',
    'from vendor import Base\nclass Settings(Base):\n    a: int',
    'settings: Settings',
    { properties: { settings: { title: 'settings', position: 0 } }, required: ['settings'] },
  ],
  [
    'SecretStr',
    '',
    'token: SecretStr',
    {
      properties: {
        token: { title: 'token', position: 0, type: 'string', format: 'password', writeOnly: true },
      },
      required: ['token'],
    },
  ],
  [
    // Prefect's own Field(description=<docstring entry or None>) replaces the Annotated one.
    'Annotated constraints; its description does not reach a parameter',
    '',
    'count: Annotated[int, Field(ge=0, lt=10, description="How many.")] = 1, code: Annotated[str, Field(min_length=2, max_length=3, pattern="^[A-Z]+$")] = "AB"',
    {
      properties: {
        count: {
          title: 'count',
          position: 0,
          type: 'integer',
          minimum: 0,
          exclusiveMaximum: 10,
          default: 1,
        },
        code: {
          title: 'code',
          position: 1,
          type: 'string',
          minLength: 2,
          maxLength: 3,
          pattern: '^[A-Z]+$',
          default: 'AB',
        },
      },
    },
  ],
  [
    'a literal default over lines with comments inside',
    '',
    'feature_set: list[str] = [  # noqa: B006\n    "a",  # first\n    "b",\n]',
    {
      properties: {
        feature_set: {
          title: 'feature_set',
          position: 0,
          type: 'array',
          items: { type: 'string' },
          default: ['a', 'b'],
        },
      },
    },
  ],
  [
    // Python evaluates a default when the `def` runs: a name bound once before it is that value.
    'a default named by a module constant, directly and through another',
    'PAGE = 50\nNAME = "daily"\nDEFAULT_NAME = NAME',
    'page: int = PAGE, name: str = DEFAULT_NAME',
    {
      properties: {
        page: { title: 'page', position: 0, type: 'integer', default: 50 },
        name: { title: 'name', position: 1, type: 'string', default: 'daily' },
      },
    },
  ],
  [
    // pydantic writes an Enum default as its value (to_jsonable_python).
    'a default that is a member of an Enum of the repository, or its .value',
    'class Region(str, Enum):\n    EU = "eu"\n    US = "us"\nclass Plain:\n    X = 1',
    'region: Region = Region.EU, code: str = Region.US.value, other: int = Plain.X, label: str = Region.EU.name',
    {
      properties: {
        region: { title: 'region', position: 0, $ref: '#/definitions/Region', default: 'eu' },
        code: { title: 'code', position: 1, type: 'string', default: 'us' },
        other: { title: 'other', position: 2, type: 'integer' },
        label: { title: 'label', position: 3, type: 'string' },
      },
      definitions: { Region: { title: 'Region', enum: ['eu', 'us'], type: 'string' } },
    },
  ],
  [
    'a default named by a constant bound twice before the def stays out',
    'PAGE = 50\nif FAST:\n    PAGE = 10',
    'page: int = PAGE',
    { properties: { page: { title: 'page', position: 0, type: 'integer' } } },
  ],
  [
    'a default only running Python could compute stays out',
    'import settings',
    'day: str = settings.DEFAULT_DAY',
    { properties: { day: { title: 'day', position: 0, type: 'string' } } },
  ],
];

describe('postponed annotations (from __future__ import annotations)', () => {
  const parametersOf = (imports: string, signature: string) =>
    scan(
      `from __future__ import annotations\n${imports}\nfrom prefect import flow\n@flow\ndef f(${signature}): pass\n`,
    ).flows[0]!.parameters.properties;

  it("naming an import made only for type checkers: every annotation goes to Prefect's namespace", () => {
    const imports =
      'from typing import Optional, TYPE_CHECKING\nif TYPE_CHECKING:\n    from globus_sdk import TransferClient';
    expect(
      parametersOf(
        imports,
        'a: Optional[TransferClient] = None, n: int = 1, s: list[str] = [], o: Optional[int] = None',
      ),
    ).toEqual({
      a: { title: 'a', position: 0, default: null },
      n: { title: 'n', position: 1, type: 'integer', default: 1 },
      s: { title: 's', position: 2, type: 'array', items: { type: 'string' }, default: [] },
      o: { title: 'o', position: 3, default: null },
    });
  });

  it('naming what the module binds: read as usual', () => {
    const imports =
      'import typing\nfrom typing import Optional\nimport globus_sdk\nif typing.TYPE_CHECKING:\n    from x import Y\nelse:\n    Y = int';
    expect(
      parametersOf(
        imports,
        'a: Optional[globus_sdk.TransferClient] = None, o: Optional[int] = None, y: Y = 1',
      ),
    ).toEqual({
      a: { title: 'a', position: 0, anyOf: [{}, { type: 'null' }], default: null },
      o: { title: 'o', position: 1, anyOf: [{ type: 'integer' }, { type: 'null' }], default: null },
      y: { title: 'y', position: 2, type: 'integer', default: 1 },
    });
  });
});

describe('parameter schemas of repository types', () => {
  it.each(ROWS)('%s', (_title, module, signature, expected) => {
    const source = `${IMPORTS}\n${module}\n\n@flow\ndef f(${signature}): pass\n`;
    const result = scan(source);
    expect(result.flows).toHaveLength(1);
    expect(result.flows[0]!.parameters).toEqual({ title: 'Parameters', type: 'object', ...expected });
  });
});

describe('classes imported from the repository', () => {
  let repo: string;
  const write = (relative: string, content: string): void => {
    const absolute = path.join(repo, relative);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  };

  beforeEach(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'repository-types-'));
  });
  afterEach(() => {
    rmSync(repo, { recursive: true, force: true });
  });

  it('follows relative, absolute and re-exported imports within the scan root', async () => {
    write(
      'flows/shared/models.py',
      python(`
        from enum import Enum
        from pydantic import BaseModel
        from .units import Unit

        class Region(str, Enum):
            EU = "eu"
            US = "us"

        class Config(BaseModel):
            region: Region = Region.EU
            unit: Unit
      `),
    );
    write('flows/shared/units.py', 'from typing import Literal\nUnit = Literal["kg", "lb"]\n');
    write('flows/shared/__init__.py', 'from .models import Config as Settings\n');
    write(
      'flows/etl.py',
      python(`
        from prefect import flow
        from shared.models import Config
        from shared import Settings
        from flows.shared.models import Region

        @flow
        def etl(config: Config, settings: Settings, region: Region = "eu"): pass
      `),
    );
    const result = await new PrefectFlowFinder().findFlows({
      root: path.join(repo, 'flows'),
      repoRoot: repo,
      exclude: [],
    });
    expect(result.flows).toHaveLength(1);
    const { properties, definitions } = result.flows[0]!.parameters;
    expect(properties).toEqual({
      config: { title: 'config', position: 0, $ref: '#/definitions/Config' },
      settings: { title: 'settings', position: 1, $ref: '#/definitions/Config' },
      region: { title: 'region', position: 2, $ref: '#/definitions/Region', default: 'eu' },
    });
    expect(definitions).toEqual({
      Config: {
        title: 'Config',
        type: 'object',
        // pydantic writes an Enum default as its value: `Region.EU` is "eu".
        properties: {
          region: { $ref: '#/definitions/Region', default: 'eu' },
          unit: { title: 'Unit', type: 'string', enum: ['kg', 'lb'] },
        },
        required: ['unit'],
      },
      Region: { title: 'Region', enum: ['eu', 'us'], type: 'string' },
    });
  });

  it('reads a flow module that another one imports from once, and still lists its flows', async () => {
    write(
      'flows/a_first.py',
      'from prefect import flow\nfrom b_models import Mode\n\n@flow\ndef first(mode: Mode): pass\n',
    );
    write(
      'flows/b_models.py',
      python(`
        from enum import Enum
        from prefect import flow

        class Mode(Enum):
            FAST = "fast"

        @flow
        def second(mode: Mode = "fast"): pass
      `),
    );
    const result = await new PrefectFlowFinder().findFlows({
      root: path.join(repo, 'flows'),
      repoRoot: repo,
      exclude: [],
    });
    expect(result.flows.map((flow) => flow.name)).toEqual(['first', 'second']);
    expect(result.stats.filesParsed).toBe(2);
    for (const flow of result.flows) {
      expect(flow.parameters.definitions).toEqual({
        Mode: { title: 'Mode', enum: ['fast'], type: 'string' },
      });
    }
  });

  // A project of the repository is installed where its flows run (`pip install -e .`, a uv
  // workspace member), so Python finds its packages beside its pyproject.toml/setup.py or in its src/.
  const MODEL = 'from pydantic import BaseModel\n\nclass Query(BaseModel):\n    year: int = 2024\n';
  const QUERY = {
    title: 'Query',
    type: 'object',
    properties: { year: { title: 'Year', type: 'integer', default: 2024 } },
  };
  const PROJECT_ROWS: [title: string, files: Record<string, string>, typed: boolean][] = [
    [
      'a src-layout project at the repository root',
      {
        'pyproject.toml': '',
        'src/shop/models.py': MODEL,
        'src/shop/flows/etl.py': 'from shop.models import Query',
      },
      true,
    ],
    [
      'a uv workspace member with a flat layout',
      {
        'pyproject.toml': '',
        'packages/shop-models/pyproject.toml': '',
        'packages/shop-models/shop_models/__init__.py': 'from .schemas import Query\n',
        'packages/shop-models/shop_models/schemas.py': MODEL,
        'flows/etl.py': 'from shop_models import Query',
      },
      true,
    ],
    [
      'a project declared by setup.py, its src/ folder',
      {
        'libs/core/setup.py': 'from setuptools import setup\nsetup()\n',
        'libs/core/src/shop/models.py': MODEL,
        'flows/etl.py': 'from shop.models import Query',
      },
      true,
    ],
    [
      'a package two projects both define is not guessed',
      {
        'a/pyproject.toml': '',
        'a/shop/models.py': MODEL,
        'b/pyproject.toml': '',
        'b/shop/models.py': MODEL,
        'flows/etl.py': 'from shop.models import Query',
      },
      false,
    ],
    [
      'a folder that is no project is not on the path',
      { 'lib/shop/models.py': MODEL, 'flows/etl.py': 'from shop.models import Query' },
      false,
    ],
  ];

  it.each(PROJECT_ROWS)("finds classes in the repository's projects: %s", async (_title, files, typed) => {
    let flowFile = '';
    for (const [relative, content] of Object.entries(files)) {
      if (content.startsWith('from shop')) {
        flowFile = relative;
        write(relative, `from prefect import flow\n${content}\n\n@flow\ndef etl(query: Query): pass\n`);
      } else write(relative, content);
    }
    const result = await new PrefectFlowFinder().findFlows({ root: repo, repoRoot: repo, exclude: [] });
    const flow = result.flows.find((found) => found.source_relative === flowFile);
    expect(flow?.parameters.properties.query).toEqual(
      typed ? { title: 'query', position: 0, $ref: '#/definitions/Query' } : { title: 'query', position: 0 },
    );
    expect(flow?.parameters.definitions).toEqual(typed ? { Query: QUERY } : undefined);
  });
});

describe('Field keywords pydantic does not declare', () => {
  // pydantic 2 passes any such keyword into the field's schema (json_schema_extra), typos included.
  const declared = new Set(
    (
      'default default_factory alias alias_priority validation_alias serialization_alias title ' +
      'field_title_generator description examples exclude exclude_if discriminator deprecated ' +
      'json_schema_extra frozen validate_default repr init init_var kw_only pattern strict ' +
      'coerce_numbers_to_str gt ge lt le multiple_of allow_inf_nan max_digits decimal_places ' +
      'min_length max_length union_mode fail_fast min_items max_items allow_mutation regex ' +
      'unique_items const'
    ).split(' '),
  );
  const reserved = new Set(
    'and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
      ' ',
    ),
  );
  const keyword = fc
    .stringMatching(/^[a-z][a-z_]{0,11}$/)
    .filter((name) => !declared.has(name) && !reserved.has(name));

  it('land in the model field schema as written', () => {
    fc.assert(
      fc.property(keyword, fc.integer({ min: -1000, max: 1000 }), (name, value) => {
        const source = `${IMPORTS}\nclass M(BaseModel):\n    a: int = Field(1, ${name}=${value})\n\n@flow\ndef f(m: M): pass\n`;
        const field = scan(source).flows[0]!.parameters.definitions!['M']!['properties'] as Record<
          string,
          unknown
        >;
        expect(field['a']).toEqual({ title: 'A', type: 'integer', default: 1, [name]: value });
      }),
      { numRuns: 40 },
    );
  });
});
