// The JSON schema pydantic 2 gives a class defined in the repository (a BaseModel, an Enum, a
// dataclass, a TypedDict), rendered from its source as a `$ref` plus an entry in `definitions`.
import type { SyntaxNode } from '@lezer/common';
import { cleanDocstring } from './docstring.js';
import type { ModuleSymbols, RepositoryClasses } from './module-symbols.js';
import {
  childNodes,
  dottedName,
  literalValue,
  meaningfulChildren,
  nodeText,
  stringValue,
} from './syntax-tree.js';
import type { JsonValue, LiteralResult } from './syntax-tree.js';
import { toJson } from './python-value.js';
import type { PyValue } from './python-value.js';
import { remarkedDefault } from './static-default.js';
import type { DefaultRemark } from './default-remarks.js';
import type { DefaultContext, DefaultSources } from './static-default.js';
import { constraintKey, isConstraint, schemaExtra } from './field-keywords.js';
import { AnnotationReader } from './type-schema.js';
import type { ClassReferences, JsonSchema, TypeSchema } from './type-schema.js';

type ClassKind = 'model' | 'dataclass' | 'typeddict' | 'enum' | 'plain';

const MODEL_BASES = new Set(['pydantic.BaseModel', 'pydantic.main.BaseModel']);
const TYPED_DICT_BASES = new Set(['typing.TypedDict', 'typing_extensions.TypedDict']);
const ENUM_BASES: Record<string, JsonValue | undefined> = {
  'enum.Enum': undefined,
  'enum.IntEnum': 'integer',
  'enum.StrEnum': 'string',
  'enum.Flag': undefined,
  'enum.IntFlag': 'integer',
};
const DATACLASS_DECORATORS = new Set(['dataclasses.dataclass', 'pydantic.dataclasses.dataclass']);

/** What a class is, read from its bases and decorators; undefined when that is not known. */
interface ClassShape {
  kind: ClassKind;
  /** Repository classes it inherits fields from, outermost first. */
  bases: { node: SyntaxNode; module: ModuleSymbols }[];
  /** `str`/`int` mixed into an Enum, or an IntEnum/StrEnum: the JSON type of every value. */
  enumType: JsonValue | undefined;
  /** A pydantic dataclass keeps its docstring as description; a standard one does not. */
  describes: boolean;
  /** `class T(TypedDict, total=False)`. */
  total: boolean;
}

/**
 * The `definitions` of one parameter schema, filled as annotations name repository classes.
 * A class is rendered once, under its name; a second class of the same name elsewhere keeps
 * the first one's entry (pydantic would qualify the names; rare, and not reproduced).
 */
export class DefinitionsCollector implements ClassReferences, DefaultSources {
  constructor(
    private readonly repository: RepositoryClasses,
    private readonly from: ModuleSymbols,
    /** What the flow's warnings should say about defaults (environment variables, run-time values). */
    readonly remarks: DefaultRemark[] = [],
    readonly definitions: Record<string, JsonSchema> = {},
    private readonly rendering = new Set<string>(),
  ) {}

  /** The same definitions, for annotations written in another module. */
  private within(module: ModuleSymbols): DefinitionsCollector {
    return module === this.from
      ? this
      : new DefinitionsCollector(this.repository, module, this.remarks, this.definitions, this.rendering);
  }

  /** Where a default written in `module` is evaluated. */
  defaultContext(module: ModuleSymbols = this.from): Omit<DefaultContext, 'notes'> {
    return { source: module.source, scope: module.scope, sources: this.within(module) };
  }

  constant(qualified: string): { value: SyntaxNode; context: DefaultContext } | undefined {
    if (qualified.startsWith('builtins.')) return undefined;
    const found = this.repository.findConstant(qualified, this.from);
    if (!found) return undefined;
    const context = { ...this.defaultContext(found.module), scope: found.scope, notes: [] };
    return { value: found.value, context };
  }

  /**
   * `Model(name="x")` (or a dataclass, `Window(1)`) as a default: the dict pydantic dumps
   * (`by_alias`, every field, defaults filled in), read off the class's rendered definition.
   * Undefined for other classes, an unknown keyword, or a field only running Python knows.
   */
  modelInstance(
    qualified: string,
    positional: readonly PyValue[],
    keywords: ReadonlyMap<string, PyValue>,
  ): JsonValue | undefined {
    if (qualified.startsWith('builtins.')) return undefined;
    const found = this.repository.findClass(qualified, this.from);
    const kind = found ? this.shape(found.node, found.module, 0)?.kind : undefined;
    // pydantic models take keywords only; a dataclass also takes its fields in order.
    if (kind !== 'model' && kind !== 'dataclass') return undefined;
    if (kind === 'model' && positional.length > 0) return undefined;
    // Rendered apart: a default does not add definitions pydantic would not write.
    const scratch = new DefinitionsCollector(this.repository, this.from, []);
    const ref = scratch.reference(qualified);
    if (ref?.kind !== 'schema' || typeof ref.schema.$ref !== 'string') return undefined;
    const definition = scratch.definition(ref.schema.$ref);
    const fields = Object.keys((definition?.properties as JsonSchema | undefined) ?? {});
    if (positional.length > fields.length) return undefined;
    const given = new Map(keywords);
    for (const [i, value] of positional.entries()) {
      if (given.has(fields[i]!)) return undefined;
      given.set(fields[i]!, value);
    }
    return dumpModel(ref.schema.$ref, given, (name) => scratch.definition(name));
  }

  reference(qualified: string): TypeSchema | undefined {
    const found = this.repository.findClass(qualified, this.from);
    if (!found) return this.moduleAlias(qualified);
    const shape = this.shape(found.node, found.module, 0);
    if (!shape) return undefined;
    if (shape.kind === 'plain') return { kind: 'schema', schema: {} };
    const name = nodeText(found.node.getChild('VariableName')!, found.module.source);
    const ref: TypeSchema = { kind: 'schema', schema: { $ref: `#/definitions/${name}` } };
    if (this.definitions[name] !== undefined || this.rendering.has(name)) return ref;
    this.rendering.add(name);
    const rendered = this.render(found.node, found.module, shape, name);
    this.rendering.delete(name);
    if (!rendered) return undefined;
    this.definitions[name] = rendered;
    return ref;
  }

  /**
   * The value of an Enum member the repository defines (`Region.EU` -> "eu"), as pydantic
   * writes an Enum default; undefined unless it is one plain literal assignment.
   */
  enumMemberValue(qualified: string, member: string): LiteralResult {
    const found = this.repository.findClass(qualified, this.from);
    const body = found?.node.getChild('Body');
    if (!found || !body || this.shape(found.node, found.module, 0)?.kind !== 'enum') return { ok: false };
    const values: SyntaxNode[] = [];
    for (const statement of meaningfulChildren(body)) {
      const children = childNodes(statement);
      if (statement.name !== 'AssignStatement' || children[1]?.name !== 'AssignOp' || !children[2]) continue;
      if (children[0]?.name === 'VariableName' && nodeText(children[0], found.module.source) === member)
        values.push(children[2]);
    }
    return values.length === 1 ? literalValue(values[0]!, found.module.source) : { ok: false };
  }

  /** `from .units import Unit` where units.py says `Unit = Literal["kg", "lb"]`. */
  private moduleAlias(qualified: string): TypeSchema | undefined {
    const found = this.repository.findConstant(qualified, this.from);
    if (!found) return undefined;
    const reader = new AnnotationReader(found.module.source, found.scope, this.within(found.module));
    return reader.read(found.value);
  }

  definition(ref: string): JsonSchema | undefined {
    const prefix = '#/definitions/';
    return ref.startsWith(prefix) ? this.definitions[ref.slice(prefix.length)] : undefined;
  }

  /** `type Pair = tuple[int, int]` (PEP 695): pydantic refers to a named alias by its name. */
  alias(name: string, render: () => TypeSchema): TypeSchema {
    const ref: TypeSchema = { kind: 'schema', schema: { $ref: `#/definitions/${name}` } };
    if (this.definitions[name] !== undefined || this.rendering.has(name)) return ref;
    this.rendering.add(name);
    const rendered = render();
    this.rendering.delete(name);
    if (rendered.kind !== 'schema') return rendered;
    this.definitions[name] = rendered.schema;
    return ref;
  }

  private shape(node: SyntaxNode, module: ModuleSymbols, depth: number): ClassShape | undefined {
    if (depth > 8) return undefined;
    const shape: ClassShape = { kind: 'plain', bases: [], enumType: undefined, describes: true, total: true };
    const argList = node.getChild('ArgList');
    const args = argList ? meaningfulChildren(argList) : [];
    for (let i = 0; i < args.length; i += 1) {
      const arg = args[i]!;
      if (arg.name === 'VariableName' && args[i + 1]?.name === 'AssignOp') {
        const keyword = nodeText(arg, module.source);
        // Other class keywords (pydantic's `extra=`, `frozen=`) do not change what is read here.
        if (keyword === 'total' && args[i + 2]?.name === 'Boolean')
          shape.total = nodeText(args[i + 2]!, module.source) === 'True';
        i += 2;
        continue;
      }
      const dotted = dottedName(arg, module.source);
      const qualified = dotted ? module.scope.resolve(dotted) : null;
      if (qualified === null) return undefined;
      if (MODEL_BASES.has(qualified)) shape.kind = 'model';
      else if (TYPED_DICT_BASES.has(qualified)) shape.kind = 'typeddict';
      else if (qualified in ENUM_BASES) {
        shape.kind = 'enum';
        shape.enumType ??= ENUM_BASES[qualified];
      } else if (qualified === 'builtins.str') shape.enumType = 'string';
      else if (qualified === 'builtins.int') shape.enumType = 'integer';
      else if (qualified === 'builtins.float') shape.enumType = 'number';
      else if (qualified === 'builtins.object' || qualified === 'typing.Generic') continue;
      else {
        const base = this.repository.findClass(qualified, module);
        const baseShape = base ? this.shape(base.node, base.module, depth + 1) : undefined;
        if (!base || !baseShape) return undefined;
        if (baseShape.kind !== 'plain') shape.kind = baseShape.kind;
        shape.enumType ??= baseShape.enumType;
        shape.bases.push(...baseShape.bases, { node: base.node, module: base.module });
      }
    }
    const decorated = node.parent?.name === 'DecoratedStatement' ? node.parent : undefined;
    for (const decorator of decorated?.getChildren('Decorator') ?? []) {
      const parts = childNodes(decorator).filter((child) => child.name === 'VariableName');
      const qualified = module.scope.resolve(parts.map((part) => nodeText(part, module.source)));
      if (qualified !== null && DATACLASS_DECORATORS.has(qualified) && shape.kind === 'plain') {
        shape.kind = 'dataclass';
        shape.describes = qualified.startsWith('pydantic.');
      }
    }
    return shape;
  }

  private render(
    node: SyntaxNode,
    module: ModuleSymbols,
    shape: ClassShape,
    name: string,
  ): JsonSchema | undefined {
    const body = node.getChild('Body');
    if (!body) return undefined;
    const doc = docstring(body, module.source);
    if (shape.kind === 'enum') return this.renderEnum(body, module, shape, name, doc);
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const owner of [...shape.bases, { node, module }]) {
      const ownerBody = owner.node.getChild('Body');
      if (!ownerBody) continue;
      this.readFields(ownerBody, owner.module, shape, properties, required);
    }
    const result: JsonSchema = { properties, title: name, type: 'object' };
    const stillRequired = required.filter((field) => field in properties);
    if (stillRequired.length > 0) result.required = stillRequired;
    // A standard dataclass's __doc__ is its generated signature, which pydantic leaves out.
    if (doc !== undefined && shape.describes) result.description = cleanDocstring(doc);
    return result;
  }

  /** `name: type [= default]` statements of a class body, as pydantic reads its fields. */
  private readFields(
    body: SyntaxNode,
    module: ModuleSymbols,
    shape: ClassShape,
    properties: Record<string, JsonSchema>,
    required: string[],
  ): void {
    const annotations = new AnnotationReader(module.source, module.scope, this.within(module));
    for (const statement of meaningfulChildren(body)) {
      if (statement.name !== 'AssignStatement') continue;
      const children = childNodes(statement);
      const target = children[0];
      const typeDef = children[1]?.name === 'TypeDef' ? children[1] : undefined;
      if (target?.name !== 'VariableName' || !typeDef) continue;
      const field = nodeText(target, module.source);
      if (shape.kind === 'model' && field.startsWith('_')) continue;
      let annotation = meaningfulChildren(typeDef)[0];
      if (!annotation) continue;
      let fieldRequired: boolean | undefined;
      const wrapper = typingWrapper(annotation, annotations);
      if (wrapper?.name === 'typing.ClassVar') continue;
      if (wrapper && (wrapper.name === 'typing.NotRequired' || wrapper.name === 'typing.Required')) {
        fieldRequired = wrapper.name === 'typing.Required';
        annotation = wrapper.argument;
      }
      const type = annotations.read(annotation);
      const property: JsonSchema = {};
      if (type.kind === 'schema') Object.assign(property, type.schema);
      let description = type.kind === 'schema' ? type.description : undefined;
      let key = field;
      let title: string | undefined;
      const constraints: JsonSchema = {};
      let discriminator: SyntaxNode | undefined;
      const valueNode = children[2]?.name === 'AssignOp' ? children[3] : undefined;
      let defaultNode: SyntaxNode | undefined = valueNode;
      let hasDefault = valueNode !== undefined;
      const pydanticCall = valueNode ? annotations.fieldCall(valueNode) : undefined;
      const fieldCall = pydanticCall ?? (valueNode ? dataclassField(valueNode, module) : undefined);
      const valueOf = (value: SyntaxNode): LiteralResult => literalValue(value, module.source);
      const extra = pydanticCall ? schemaExtra(pydanticCall, valueOf) : {};
      if (fieldCall) {
        defaultNode = undefined;
        hasDefault = false;
        for (const [keyword, value] of fieldCall) {
          if (keyword === 'default' && value.name !== 'Ellipsis') {
            defaultNode = value;
            hasDefault = true;
          } else if (keyword === 'default_factory') hasDefault = true;
          else if (keyword === 'description') description = stringValue(value, module.source) ?? description;
          else if (keyword === 'alias') key = stringValue(value, module.source) ?? key;
          else if (keyword === 'title') title = stringValue(value, module.source);
          else if (keyword === 'discriminator') discriminator = value;
          else if (keyword === 'examples' || keyword === 'deprecated') {
            const literal = valueOf(value);
            // `deprecated="why"` is marked `true`, as `deprecated=True` is.
            if (literal.ok && literal.value !== false && literal.value !== null)
              extra[keyword] = keyword === 'deprecated' ? true : literal.value;
          } else if (isConstraint(keyword)) {
            const literal = valueOf(value);
            if (literal.ok) constraints[keyword] = literal.value;
          }
        }
      }
      if (discriminator) {
        const tagged = annotations.discriminate(property, discriminator);
        for (const key of Object.keys(property)) delete property[key];
        Object.assign(property, tagged);
      }
      // pydantic titles a field after its name unless its schema is a reference (a model, an
      // enum, a named alias; also behind Optional): those carry their own title.
      const titled = title ?? (isReference(property) ? undefined : titleCase(key));
      constrain(property, constraints);
      if (titled !== undefined) property.title = titled;
      if (description !== undefined) property.description = description;
      if (defaultNode) {
        const owner = nodeText(body.parent!.getChild('VariableName')!, module.source);
        const where = `field ${owner}.${field}`;
        const value = remarkedDefault(defaultNode, this.defaultContext(module), where, this.remarks);
        if (value.ok) property.default = value.value;
      }
      Object.assign(property, extra);
      delete properties[key];
      properties[key] = property;
      const isRequired = shape.kind === 'typeddict' ? (fieldRequired ?? shape.total) : !hasDefault;
      const at = required.indexOf(key);
      if (at >= 0) required.splice(at, 1);
      if (isRequired) required.push(key);
    }
  }

  private renderEnum(
    body: SyntaxNode,
    module: ModuleSymbols,
    shape: ClassShape,
    name: string,
    doc: string | undefined,
  ): JsonSchema | undefined {
    const values: JsonValue[] = [];
    let lastInt = 0;
    for (const statement of meaningfulChildren(body)) {
      if (statement.name !== 'AssignStatement') continue;
      const children = childNodes(statement);
      const target = children[0];
      if (target?.name !== 'VariableName' || children[1]?.name !== 'AssignOp' || !children[2]) continue;
      const member = nodeText(target, module.source);
      if (member.startsWith('_')) continue;
      const valueNode = children[2];
      if (isAutoCall(valueNode, module)) {
        if (shape.enumType === 'string') values.push(member.toLowerCase());
        else values.push((lastInt += 1));
        continue;
      }
      const value = literalValue(valueNode, module.source);
      if (!value.ok) return undefined;
      if (typeof value.value === 'number' && Number.isInteger(value.value)) lastInt = value.value;
      if (!values.some((seen) => JSON.stringify(seen) === JSON.stringify(value.value)))
        values.push(value.value);
    }
    if (values.length === 0) return undefined;
    const result: JsonSchema = { enum: values, title: name };
    const types = new Set(values.map(jsonType));
    const type = shape.enumType ?? (types.size === 1 ? [...types][0] : undefined);
    if (type !== undefined) result.type = type;
    if (doc !== undefined) result.description = cleanDocstring(doc);
    return result;
  }
}

/** `ClassVar[int]`, `NotRequired[str]`: the wrapper's qualified name and what it wraps. */
function typingWrapper(
  node: SyntaxNode,
  reader: AnnotationReader,
): { name: string; argument: SyntaxNode } | undefined {
  if (node.name !== 'MemberExpression') return undefined;
  const children = childNodes(node);
  if (children[1]?.name !== '[') return undefined;
  const name = reader.qualifiedName(children[0]!);
  const argument = meaningfulChildren(node)[1];
  if (name === undefined || !argument) return undefined;
  return { name: name.replace(/^typing_extensions\./, 'typing.'), argument };
}

/** `field(default=..., default_factory=...)` of a dataclass, as keyword arguments. */
function dataclassField(node: SyntaxNode, module: ModuleSymbols): [string, SyntaxNode][] | undefined {
  if (node.name !== 'CallExpression') return undefined;
  const [callee, argList] = childNodes(node);
  const dotted = callee ? dottedName(callee, module.source) : undefined;
  if (!argList || !dotted || module.scope.resolve(dotted) !== 'dataclasses.field') return undefined;
  const keywords: [string, SyntaxNode][] = [];
  const args = meaningfulChildren(argList);
  for (let i = 0; i + 2 < args.length; i += 1) {
    if (args[i]!.name === 'VariableName' && args[i + 1]!.name === 'AssignOp') {
      keywords.push([nodeText(args[i]!, module.source), args[i + 2]!]);
      i += 2;
    }
  }
  return keywords;
}

function isAutoCall(node: SyntaxNode, module: ModuleSymbols): boolean {
  if (node.name !== 'CallExpression') return false;
  const callee = node.firstChild;
  const dotted = callee ? dottedName(callee, module.source) : undefined;
  return dotted !== undefined && module.scope.resolve(dotted) === 'enum.auto';
}

function docstring(body: SyntaxNode, source: string): string | undefined {
  const first = meaningfulChildren(body)[0];
  const expression = first?.name === 'ExpressionStatement' ? first.firstChild : null;
  if (!expression || expression.nextSibling) return undefined;
  return stringValue(expression, source);
}

/**
 * `x: int = Field(ge=0)`: pydantic sets the constraint on the field's own schema, or on the one
 * member that is not None of an Optional. Elsewhere (a `$ref`, a wider union) it is left out.
 */
function constrain(property: JsonSchema, constraints: JsonSchema): void {
  if (Object.keys(constraints).length === 0) return;
  const keyed = (schema: JsonSchema): JsonSchema => {
    const result: JsonSchema = {};
    for (const [keyword, value] of Object.entries(constraints)) {
      const key = constraintKey(keyword, schema.type);
      if (key !== undefined) result[key] = value;
    }
    return result;
  };
  if (typeof property.type === 'string') {
    Object.assign(property, keyed(property));
    return;
  }
  const members = Array.isArray(property.anyOf) ? (property.anyOf as JsonSchema[]) : [];
  const typed = members.filter((member) => member.type !== 'null');
  // A copy: the member may be a schema other fields share.
  if (members.length === 2 && typed.length === 1 && typeof typed[0]!.type === 'string')
    property.anyOf = members.map((member) =>
      member === typed[0] ? { ...member, ...keyed(member) } : member,
    );
}

/**
 * `{$ref}` or `{anyOf: [{$ref}, {type: null}]}`: a field schema pydantic's
 * `field_title_should_be_set` leaves untitled (a core schema with a ref, or nullable of one).
 */
function isReference(property: JsonSchema): boolean {
  const keys = Object.keys(property);
  if (keys.length === 1 && keys[0] === '$ref') return true;
  const members = property.anyOf;
  if (keys.length !== 1 || !Array.isArray(members) || members.length !== 2) return false;
  const [first, second] = members as JsonSchema[];
  return (
    first !== undefined &&
    isReference(first) &&
    first.anyOf === undefined &&
    second?.type === 'null' &&
    Object.keys(second).length === 1
  );
}

/** pydantic's default field title: `name.title()` with underscores as spaces (`max_retries` -> `Max Retries`). */
export function titleCase(name: string): string {
  return name
    .replace(/\p{L}+/gu, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
    .replace(/_/g, ' ');
}

function jsonType(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

/** pydantic's `model_dump(mode="json", by_alias=True)` of a model built from keyword arguments. */
function dumpModel(
  ref: string,
  keywords: ReadonlyMap<string, PyValue>,
  definitionOf: (ref: string) => JsonSchema | undefined,
  depth = 0,
): JsonValue | undefined {
  const definition = definitionOf(ref);
  const properties = definition?.properties as Record<string, JsonSchema> | undefined;
  if (!properties || depth > 8) return undefined;
  if ([...keywords.keys()].some((keyword) => !(keyword in properties))) return undefined;
  const dumped: Record<string, JsonValue> = {};
  for (const [key, property] of Object.entries(properties)) {
    const given = keywords.get(key);
    let value: JsonValue | undefined;
    if (given?.type === 'dict' && typeof property.$ref === 'string') {
      // A dict given for a nested model is validated into one, its defaults filled in.
      const nested = new Map<string, PyValue>();
      for (const [name, item] of given.entries) if (name.type === 'str') nested.set(name.value, item);
      if (nested.size !== given.entries.length) return undefined;
      value = dumpModel(property.$ref, nested, definitionOf, depth + 1);
    } else if (given) value = toJson(given);
    else if ('default' in property) value = property.default;
    if (value === undefined) return undefined;
    dumped[key] = value;
  }
  return dumped;
}
