// The parameter schema Prefect computes from a flow's signature (the run form in the UI and
// what the server validates runs against), built from the `def` line without running Python.
import type { SyntaxNode } from '@lezer/common';
import type { ParameterSchema } from '../model/flow.js';
import type { NameScope } from './name-scope.js';
import { childNodes, literalValue, meaningfulChildren, nodeText, stringValue } from './syntax-tree.js';
import type { JsonValue } from './syntax-tree.js';
import type { DefinitionsCollector } from './class-schema.js';
import { schemaExtra } from './field-keywords.js';
import { remarkedDefault } from './static-default.js';
import { AnnotationReader } from './type-schema.js';
import type { JsonSchema, TypeSchema } from './type-schema.js';
import { inPrefectNamespace, signatureNamespace } from './string-annotations.js';

interface Parameter {
  name: string;
  annotation: SyntaxNode | undefined;
  default: SyntaxNode | undefined;
  /** `*args` or `**kwargs`. */
  variadic?: '*' | '**';
}

/** The parameters of a `def`, in order; `*args` and `**kwargs` included (Prefect keeps them). */
export function readParameters(paramList: SyntaxNode, source: string): Parameter[] {
  const parameters: Parameter[] = [];
  let current: Parameter | undefined;
  let expectDefault = false;
  let star: '*' | '**' | undefined;
  for (const child of childNodes(paramList)) {
    if (child.type.isError || child.name === 'Comment') continue;
    switch (child.name) {
      case '(':
      case ')':
        break;
      case '*':
      case '**':
        star = child.name;
        break;
      case ',':
        if (current) parameters.push(current);
        current = undefined;
        expectDefault = false;
        star = undefined;
        break;
      case 'VariableName':
        if (current && expectDefault) {
          current.default = child;
          expectDefault = false;
        } else if (!current) {
          current = { name: nodeText(child, source), annotation: undefined, default: undefined };
          if (star) current.variadic = star;
        }
        break;
      case 'TypeDef':
        if (current) current.annotation = meaningfulChildren(child)[0];
        break;
      case 'AssignOp':
        expectDefault = true;
        break;
      default:
        if (current && expectDefault) {
          current.default = child;
          expectDefault = false;
        }
    }
  }
  if (current) parameters.push(current);
  return parameters;
}

/** Whether the signature has `**kwargs`: then Prefect passes any parameter a run gives. */
export function acceptsAnyParameters(paramList: SyntaxNode, source: string): boolean {
  return readParameters(paramList, source).some((parameter) => parameter.variadic === '**');
}

/**
 * Prefect's `parameter_schema`: one property per parameter with `title` and `position` (the
 * index in the full signature, `self` included), the annotation's type, the default when it
 * is known statically (static-default.ts), and the docstring's description; parameters without
 * a default are required.
 */
export function parameterSchema(
  paramList: SyntaxNode,
  source: string,
  scope: NameScope,
  descriptions: Map<string, string>,
  classes?: DefinitionsCollector,
): ParameterSchema {
  const parameters = readParameters(paramList, source);
  const annotations = new AnnotationReader(source, scope, classes);
  const namespace = signatureNamespace(
    parameters.flatMap((parameter) => (parameter.annotation ? [parameter.annotation] : [])),
    source,
    scope,
  );
  const readType = (annotation: SyntaxNode): TypeSchema | undefined => {
    if (namespace.kind === 'module' || !namespace.isString(annotation)) return annotations.read(annotation);
    const expression = inPrefectNamespace(annotation, source);
    return expression
      ? new AnnotationReader(expression.source, namespace.scope, classes).read(expression.node)
      : undefined;
  };
  const properties: Record<string, Record<string, JsonValue>> = {};
  const required: string[] = [];
  parameters.forEach((parameter, position) => {
    if (parameter.name === 'self' || parameter.name === 'cls') return;
    const property: Record<string, JsonValue> = { title: parameter.name, position };
    const field = parameter.default ? pydanticField(parameter.default, source, annotations) : undefined;
    const type = parameter.annotation ? readType(parameter.annotation) : undefined;
    // Prefect's own Field(description=...) replaces an `Annotated` one; an empty docstring entry
    // (`a:`) is kept as "".
    const description = field?.description || descriptions.get(parameter.name);
    if (description !== undefined) property.description = description;
    if (type?.kind === 'schema') Object.assign(property, type.schema);
    const defaultNode = field ? field.default : parameter.default;
    if (defaultNode === undefined || defaultNode.name === 'Ellipsis') {
      // pydantic reads a default of `...` as "required", and so does Prefect.
      required.push(parameter.name);
    } else {
      // Evaluated as Python would when the `def` runs; the flow's warnings say what it read
      // from the environment, or that it is left out.
      const context = classes?.defaultContext() ?? { source, scope, sources: undefined };
      const where = `parameter "${parameter.name}"`;
      const value = remarkedDefault(defaultNode, { ...context, scope }, where, classes?.remarks ?? []);
      if (value.ok) property.default = value.value;
    }
    // Prefect's Field keeps `json_schema_extra` (with `position` unless it sets one), applied last.
    if (field) Object.assign(property, field.extra);
    properties[parameter.name] = property;
  });
  const schema: ParameterSchema = { title: 'Parameters', type: 'object', properties };
  if (required.length > 0) schema.required = required;
  // Prefect copies pydantic's `$defs` into `definitions`, and only when there are some.
  if (classes && Object.keys(classes.definitions).length > 0) schema.definitions = classes.definitions;
  return schema;
}

/**
 * `x: int = Field(3, description="...")`: Prefect takes the field's default, description and
 * schema extras (its `json_schema_extra`, where pydantic puts unknown keywords), nothing else.
 * A field without a plain default (none, or `default_factory`) makes the parameter required.
 */
function pydanticField(
  node: SyntaxNode,
  source: string,
  annotations: AnnotationReader,
): { default: SyntaxNode | undefined; description: string | undefined; extra: JsonSchema } | undefined {
  const keywords = annotations.fieldCall(node);
  if (!keywords) return undefined;
  const given = new Map(keywords);
  const description = given.get('description');
  return {
    default: given.get('default'),
    description: description ? stringValue(description, source) : undefined,
    extra: schemaExtra(keywords, (value) => literalValue(value, source)),
  };
}
