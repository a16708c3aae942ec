// The JSON schema pydantic (as Prefect drives it) gives a parameter annotation, computed from
// the annotation's source: builtins, typing forms, datetime and a few stdlib types.
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import type { NameScope } from './name-scope.js';
import {
  childNodes,
  dottedName,
  literalValue,
  meaningfulChildren,
  nodeText,
  stringValue,
} from './syntax-tree.js';
import type { JsonValue, LiteralResult } from './syntax-tree.js';
import { discriminatedUnion } from './discriminated-union.js';
import { constraintKey, schemaExtra } from './field-keywords.js';

export type JsonSchema = Record<string, JsonValue>;

/**
 * What an annotation gives: a schema, `unschemable` for types pydantic cannot describe
 * (Callable, iterators), which make Prefect fall back to an untyped parameter as a whole, or
 * `unknown` for a name this scanner cannot see through (a third-party class, a name computed
 * at run time): the parameter is left untyped, as Prefect's static fallback does.
 * `description` is a `Field(description=...)` found in an `Annotated[...]`.
 */
export type TypeSchema =
  | { kind: 'schema'; schema: JsonSchema; description?: string }
  | { kind: 'unschemable' }
  | { kind: 'unknown' };

const UNSCHEMABLE: TypeSchema = { kind: 'unschemable' };
const UNKNOWN: TypeSchema = { kind: 'unknown' };

/**
 * Classes of the repository (pydantic models, enums, dataclasses, TypedDicts) rendered as
 * pydantic would, each once, under `definitions`; implemented in class-schema.ts.
 */
export interface ClassReferences {
  /** A `$ref` to the class's definition (added to `definitions`), `{}` for a plain class. */
  reference(qualified: string): TypeSchema | undefined;
  /** A `$ref` to a PEP 695 alias's definition, rendered by `render` the first time. */
  alias(name: string, render: () => TypeSchema): TypeSchema;
  /** The definition a `$ref` written here points to, once rendered. */
  definition(ref: string): JsonSchema | undefined;
  /** The value of a member of a repository Enum (`Kind.CAT` in a Literal). */
  enumMemberValue(qualified: string, member: string): LiteralResult;
}

/** The schema of a container or union member: a type this scanner cannot see reads as `{}`. */
function asMember(type: TypeSchema): TypeSchema {
  return type.kind === 'unknown' ? schema(ANY) : type;
}

/** Type aliases naming type aliases: deeper than this is a cycle. */
const MAX_ALIAS_DEPTH = 12;
const ANY: JsonSchema = {};

function schema(value: JsonSchema): TypeSchema {
  return { kind: 'schema', schema: value };
}

/** Builtins that are generic at run time; `typing` exports none of them under these names. */
const GENERIC_BUILTINS = new Set(['list', 'dict', 'set', 'frozenset', 'tuple', 'type']);

/**
 * Qualified names of the same thing under different modules, mapped to one spelling.
 * `from typing import list` cannot bind anything (typing has no `list`): where the module still
 * imports, the name is the builtin, so `typing.list` reads as `builtins.list`.
 */
function canonical(qualified: string): string {
  const typingMember = /^(?:typing|typing_extensions)\.(\w+)$/.exec(qualified)?.[1];
  if (typingMember !== undefined && GENERIC_BUILTINS.has(typingMember)) return `builtins.${typingMember}`;
  if (qualified.startsWith('typing_extensions.'))
    return `typing.${qualified.slice('typing_extensions.'.length)}`;
  if (qualified.startsWith('collections.abc.')) return `typing.${qualified.slice('collections.abc.'.length)}`;
  return qualified;
}

const ARRAY_TYPES = new Set([
  'builtins.list',
  'typing.List',
  'typing.Sequence',
  'typing.MutableSequence',
  'typing.Iterable',
]);
const SET_TYPES = new Set([
  'builtins.set',
  'builtins.frozenset',
  'typing.Set',
  'typing.FrozenSet',
  'typing.AbstractSet',
  'typing.MutableSet',
]);
const TUPLE_TYPES = new Set(['builtins.tuple', 'typing.Tuple']);
const MAPPING_TYPES = new Set(['builtins.dict', 'typing.Dict', 'typing.Mapping', 'typing.MutableMapping']);
const UNSCHEMABLE_TYPES = new Set([
  'typing.Callable',
  'typing.Iterator',
  'typing.AsyncIterator',
  'typing.Generator',
  'typing.AsyncGenerator',
  'typing.Awaitable',
  'typing.Coroutine',
  'typing.Collection',
]);

const PLAIN_TYPES: Record<string, JsonSchema> = {
  'builtins.str': { type: 'string' },
  'builtins.int': { type: 'integer' },
  'builtins.float': { type: 'number' },
  'builtins.bool': { type: 'boolean' },
  'builtins.bytes': { type: 'string', format: 'binary' },
  'builtins.object': {},
  'builtins.type': {},
  'typing.Any': {},
  'typing.Type': {},
  'datetime.datetime': { type: 'string', format: 'date-time' },
  'datetime.date': { type: 'string', format: 'date' },
  'datetime.time': { type: 'string', format: 'time' },
  'datetime.timedelta': { type: 'string', format: 'duration' },
  'uuid.UUID': { type: 'string', format: 'uuid' },
  'pathlib.Path': { type: 'string', format: 'path' },
  // pydantic's own types, as pydantic 2 documents their JSON schema.
  'pydantic.SecretStr': { type: 'string', format: 'password', writeOnly: true },
  'pydantic.SecretBytes': { type: 'string', format: 'password', writeOnly: true },
  'pydantic.PositiveInt': { type: 'integer', exclusiveMinimum: 0 },
  'pydantic.NonNegativeInt': { type: 'integer', minimum: 0 },
  'pydantic.NegativeInt': { type: 'integer', exclusiveMaximum: 0 },
  'pydantic.PositiveFloat': { type: 'number', exclusiveMinimum: 0 },
  'pydantic.NonNegativeFloat': { type: 'number', minimum: 0 },
  'pydantic.AnyUrl': { type: 'string', format: 'uri', minLength: 1 },
  'pydantic.HttpUrl': { type: 'string', format: 'uri', minLength: 1, maxLength: 2083 },
  'pydantic.Json': {},
};

const PYDANTIC_FIELD = new Set(['pydantic.Field', 'pydantic.fields.Field']);

export class AnnotationReader {
  constructor(
    readonly source: string,
    readonly scope: NameScope,
    readonly classes?: ClassReferences,
    private readonly aliasDepth = 0,
  ) {}

  read(node: SyntaxNode): TypeSchema {
    switch (node.name) {
      case 'None':
        return schema({ type: 'null' });
      case 'String':
      case 'ContinuedString':
        return this.readForwardReference(node);
      case 'ParenthesizedExpression': {
        const inner = meaningfulChildren(node);
        return inner.length === 1 ? this.read(inner[0]!) : UNKNOWN;
      }
      case 'BinaryExpression':
        return this.isUnion(node) ? this.union(this.unionMembers(node)) : UNKNOWN;
      case 'VariableName':
      case 'MemberExpression': {
        const subscript = this.subscript(node);
        if (subscript) return this.readSubscript(subscript.base, subscript.args);
        const name = this.qualifiedName(node);
        if (name !== undefined) return this.readName(name);
        return node.name === 'VariableName' ? this.readAlias(node) : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** `Choices = Literal["yes", "no"]` (or `type Choices = ...`) then `answer: Choices`. */
  private readAlias(node: SyntaxNode): TypeSchema {
    const name = nodeText(node, this.source);
    const alias = this.scope.constant(name);
    if (!alias || this.aliasDepth >= MAX_ALIAS_DEPTH) return UNKNOWN;
    const reader = new AnnotationReader(this.source, alias.scope, this.classes, this.aliasDepth + 1);
    if (alias.value.name !== 'TypeDefinition') return reader.read(alias.value);
    // `type X = ...`: generic aliases (`type X[T] = ...`) are not followed.
    const value = alias.value.lastChild;
    if (!value || alias.value.getChild('TypeParamList') || !this.classes) return UNKNOWN;
    return this.classes.alias(name, () => reader.read(value));
  }

  /** `'Optional[int]'`: CPython evaluates string annotations (Prefect asks for `eval_str`). */
  private readForwardReference(node: SyntaxNode): TypeSchema {
    const text = stringValue(node, this.source);
    if (text === undefined) return UNKNOWN;
    const tree = parser.parse(text.trim());
    const statement = tree.topNode.firstChild;
    const expression = statement?.name === 'ExpressionStatement' ? statement.firstChild : null;
    if (!expression || statement?.nextSibling) return UNKNOWN;
    return new AnnotationReader(text.trim(), this.scope, this.classes, this.aliasDepth).read(expression);
  }

  qualifiedName(node: SyntaxNode): string | undefined {
    const dotted = dottedName(node, this.source);
    const resolved = dotted ? this.scope.resolve(dotted) : null;
    return resolved === null ? undefined : canonical(resolved);
  }

  private readName(name: string): TypeSchema {
    const plain = PLAIN_TYPES[name];
    if (plain) return schema({ ...plain });
    if (name === 'decimal.Decimal') {
      return schema({
        anyOf: [{ type: 'number' }, { type: 'string', pattern: '^(?!^[-+.]*$)[+-]?0*\\d*\\.?\\d*$' }],
      });
    }
    if (ARRAY_TYPES.has(name) || TUPLE_TYPES.has(name)) return schema({ type: 'array', items: {} });
    if (SET_TYPES.has(name)) return schema({ type: 'array', uniqueItems: true, items: {} });
    if (MAPPING_TYPES.has(name)) return schema({ type: 'object', additionalProperties: true });
    if (UNSCHEMABLE_TYPES.has(name)) return UNSCHEMABLE;
    return this.classes?.reference(name) ?? UNKNOWN;
  }

  /** `base[args]` as its two halves (lezer writes a subscript as a MemberExpression with `[`). */
  private subscript(node: SyntaxNode): { base: SyntaxNode; args: SyntaxNode[] } | undefined {
    if (node.name !== 'MemberExpression') return undefined;
    const children = childNodes(node);
    if (children[1]?.name !== '[' || children[children.length - 1]?.name !== ']') return undefined;
    return { base: children[0]!, args: meaningfulChildren(node).slice(1) };
  }

  private readSubscript(baseNode: SyntaxNode, args: SyntaxNode[]): TypeSchema {
    const base = this.qualifiedName(baseNode);
    if (base === undefined) return UNKNOWN;
    if (base === 'typing.Optional') {
      return args.length === 1 ? this.union([...this.unionMembers(args[0]!), null]) : UNKNOWN;
    }
    if (base === 'typing.Union') return this.union(args.flatMap((arg) => this.unionMembers(arg)));
    if (base === 'typing.Literal') return this.literal(args);
    if (base === 'typing.Annotated') return args[0] ? this.annotated(args[0], args.slice(1)) : UNKNOWN;
    if (UNSCHEMABLE_TYPES.has(base)) return UNSCHEMABLE;
    if (ARRAY_TYPES.has(base) || SET_TYPES.has(base)) {
      const items = args.length === 1 ? asMember(this.read(args[0]!)) : schema(ANY);
      if (items.kind !== 'schema') return UNSCHEMABLE;
      return schema(
        SET_TYPES.has(base)
          ? { type: 'array', uniqueItems: true, items: items.schema }
          : { type: 'array', items: items.schema },
      );
    }
    if (TUPLE_TYPES.has(base)) return this.tuple(args);
    if (MAPPING_TYPES.has(base)) {
      const value = args.length === 2 ? asMember(this.read(args[1]!)) : schema(ANY);
      if (value.kind !== 'schema') return UNSCHEMABLE;
      // pydantic writes an unconstrained value schema as `true`.
      const additional = Object.keys(value.schema).length === 0 ? true : value.schema;
      return schema({ type: 'object', additionalProperties: additional });
    }
    const bare = this.readName(base);
    return bare.kind === 'unschemable' ? UNSCHEMABLE : UNKNOWN;
  }

  /**
   * `Annotated[int, Field(ge=0, description="...")]`: the constraints pydantic turns into
   * JSON schema keywords, and the field's description.
   */
  private annotated(typeNode: SyntaxNode, metadata: SyntaxNode[]): TypeSchema {
    const inner = this.read(typeNode);
    if (inner.kind !== 'schema') return inner;
    let result: JsonSchema = { ...inner.schema };
    let description = inner.description;
    for (const node of metadata) {
      const field = this.fieldCall(node);
      if (!field) continue;
      for (const [keyword, value] of field) {
        const key = constraintKey(keyword, result.type);
        if (keyword === 'description') {
          const text = stringValue(value, this.source);
          if (text !== undefined) description = text;
        } else if (keyword === 'discriminator') {
          result = this.discriminate(result, value);
        } else if (keyword === 'examples') {
          const literal = literalValue(value, this.source);
          if (literal.ok) result.examples = literal.value;
        } else if (key !== undefined) {
          const literal = literalValue(value, this.source);
          if (literal.ok) result[key] = literal.value;
        }
      }
      Object.assign(
        result,
        schemaExtra(field, (value) => literalValue(value, this.source)),
      );
    }
    return description === undefined ? schema(result) : { kind: 'schema', schema: result, description };
  }

  /** `Field(discriminator="kind")` on a union of classes: pydantic's tagged union. */
  discriminate(union: JsonSchema, keyword: SyntaxNode): JsonSchema {
    const propertyName = stringValue(keyword, this.source);
    const classes = this.classes;
    if (propertyName === undefined || !classes) return union;
    const tagged = discriminatedUnion(union, propertyName, (ref) => classes.definition(ref));
    if (!tagged) return union;
    const { anyOf: _members, ...rest } = union;
    return { ...rest, ...tagged };
  }

  /** The keyword arguments of a `pydantic.Field(...)` call, or undefined for anything else. */
  fieldCall(node: SyntaxNode): [string, SyntaxNode][] | undefined {
    if (node.name !== 'CallExpression') return undefined;
    const [callee, argList] = childNodes(node);
    const name = callee ? this.qualifiedName(callee) : undefined;
    if (!argList || name === undefined || !PYDANTIC_FIELD.has(name)) return undefined;
    const keywords: [string, SyntaxNode][] = [];
    const args = meaningfulChildren(argList);
    for (let i = 0; i < args.length; i += 1) {
      if (args[i]!.name === 'VariableName' && args[i + 1]?.name === 'AssignOp' && args[i + 2]) {
        keywords.push([nodeText(args[i]!, this.source), args[i + 2]!]);
        i += 2;
      } else if (i === 0) {
        keywords.push(['default', args[i]!]);
      }
    }
    return keywords;
  }

  private tuple(args: SyntaxNode[]): TypeSchema {
    if (
      args.length === 1 &&
      args[0]!.name === 'TupleExpression' &&
      meaningfulChildren(args[0]!).length === 0
    ) {
      return schema({ type: 'array', minItems: 0, maxItems: 0 });
    }
    if (args.length === 2 && args[1]!.name === 'Ellipsis') {
      const items = asMember(this.read(args[0]!));
      return items.kind !== 'schema' ? UNSCHEMABLE : schema({ type: 'array', items: items.schema });
    }
    const prefixItems: JsonSchema[] = [];
    for (const arg of args) {
      const item = asMember(this.read(arg));
      if (item.kind !== 'schema') return UNSCHEMABLE;
      prefixItems.push(item.schema);
    }
    return schema({ type: 'array', prefixItems, minItems: args.length, maxItems: args.length });
  }

  private isUnion(node: SyntaxNode): boolean {
    const operator = childNodes(node)[1];
    return operator?.name === 'BitOp' && nodeText(operator, this.source) === '|';
  }

  /** The members of `A | B | C` or of a nested `Union[...]`/`Optional[...]`, flattened. */
  private unionMembers(node: SyntaxNode): (SyntaxNode | null)[] {
    if (node.name === 'BinaryExpression' && this.isUnion(node)) {
      const [left, , right] = childNodes(node);
      return [...(left ? this.unionMembers(left) : []), ...(right ? this.unionMembers(right) : [])];
    }
    const subscript = this.subscript(node);
    if (subscript) {
      const base = this.qualifiedName(subscript.base);
      if (base === 'typing.Union') return subscript.args.flatMap((arg) => this.unionMembers(arg));
      if (base === 'typing.Optional' && subscript.args.length === 1) {
        return [...this.unionMembers(subscript.args[0]!), null];
      }
    }
    if (node.name === 'None') return [null];
    return [node];
  }

  /** pydantic's union: members deduplicated by schema, `null` moved last, one member unwrapped. */
  private union(members: (SyntaxNode | null)[]): TypeSchema {
    const schemas: JsonSchema[] = [];
    const seen = new Set<string>();
    let nullable = false;
    for (const member of members) {
      if (member === null) {
        nullable = true;
        continue;
      }
      // A member this scanner cannot see (a class of another library) is an arbitrary type to
      // pydantic, `{}`, as everywhere else; one pydantic cannot describe makes the union so.
      const read = asMember(this.read(member));
      if (read.kind !== 'schema') return read;
      if (read.schema.type === 'null' && Object.keys(read.schema).length === 1) {
        nullable = true;
        continue;
      }
      const key = stableKey(read.schema);
      if (seen.has(key)) continue;
      seen.add(key);
      schemas.push(read.schema);
    }
    if (nullable) schemas.push({ type: 'null' });
    if (schemas.length === 1) return schema(schemas[0]!);
    return schema({ anyOf: schemas });
  }

  /** One value of a `Literal[...]`: a literal, or a member of a repository Enum (its value). */
  private literalMember(node: SyntaxNode): LiteralResult {
    const value = literalValue(node, this.source);
    if (value.ok || node.name !== 'MemberExpression' || !this.classes) return value;
    const [object, dot, property] = childNodes(node);
    const qualified = object && dot?.name === '.' ? this.qualifiedName(object) : undefined;
    if (qualified === undefined || property?.name !== 'PropertyName') return value;
    return this.classes.enumMemberValue(qualified, nodeText(property, this.source));
  }

  /** `Literal[...]`: nested literals flattened, repeats dropped, `const` for a single value. */
  private literal(args: SyntaxNode[]): TypeSchema {
    const values: JsonValue[] = [];
    const seen = new Set<string>();
    const collect = (node: SyntaxNode): boolean => {
      const subscript = this.subscript(node);
      if (subscript && this.qualifiedName(subscript.base) === 'typing.Literal')
        return subscript.args.every(collect);
      const value = this.literalMember(node);
      if (!value.ok || (typeof value.value === 'object' && value.value !== null)) return false;
      const key = `${typeof value.value}:${String(value.value)}`;
      if (!seen.has(key)) {
        seen.add(key);
        values.push(value.value);
      }
      return true;
    };
    if (!args.every(collect) || values.length === 0) return UNKNOWN;
    const types = new Set(values.map(jsonType));
    const result: JsonSchema = values.length === 1 ? { const: values[0]! } : { enum: values };
    if (types.size === 1) result.type = [...types][0]!;
    return schema(result);
  }
}

function jsonType(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return 'string';
}

/** A key for comparing schemas regardless of property order. */
function stableKey(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${stableKey(value[key]!)}`)
    .join(',')}}`;
}
