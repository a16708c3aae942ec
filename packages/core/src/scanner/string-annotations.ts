// Which namespace a flow's string annotations are read in. Prefect asks for
// `inspect.signature(fn, eval_str=True)`; when one string annotation names something the module
// does not bind at run time, that fails as a whole and pydantic resolves every string annotation
// in Prefect's own module instead, where only builtins and `typing` (also as `t`) are bound.
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import { NameScope } from './name-scope.js';
import { nodeText, stringValue } from './syntax-tree.js';

/** Names a module may use without binding them. */
const BUILTINS = new Set(
  (
    'bool bytearray bytes complex dict float frozenset int list memoryview object range set slice str ' +
    'tuple type Ellipsis NotImplemented None True False BaseException Exception ValueError TypeError ' +
    'KeyError IndexError RuntimeError OSError abs all any ascii bin callable chr classmethod dir ' +
    'divmod enumerate filter format getattr globals hasattr hash hex id isinstance issubclass iter len ' +
    'locals map max min next oct open ord pow print property repr reversed round setattr sorted ' +
    'staticmethod sum super vars zip'
  ).split(' '),
);

/** The module-level names of `prefect._internal.pydantic.v2_schema`, where create_model runs. */
const PREFECT_SCOPE = new NameScope('module', undefined);
for (const [name, qualified] of [
  ['typing', 'typing'],
  ['t', 'typing'],
  ['inspect', 'inspect'],
  ['pydantic', 'pydantic'],
  ['V2BaseModel', 'pydantic.BaseModel'],
  ['ConfigDict', 'pydantic.ConfigDict'],
  ['FieldInfo', 'pydantic.fields.FieldInfo'],
  ['TypeAdapter', 'pydantic.TypeAdapter'],
] as const)
  PREFECT_SCOPE.bind(name, qualified);

export interface AnnotationText {
  /** The expression the annotation stands for, and the text its positions point into. */
  node: SyntaxNode;
  source: string;
}

/** A string annotation's expression, parsed; a plain annotation as it stands. */
export function annotationExpression(node: SyntaxNode, source: string): AnnotationText | undefined {
  if (node.name !== 'String' && node.name !== 'ContinuedString') return { node, source };
  const text = stringValue(node, source)?.trim();
  if (text === undefined) return undefined;
  const statement = parser.parse(text).topNode.firstChild;
  const expression = statement?.name === 'ExpressionStatement' ? statement.firstChild : null;
  return expression && !statement?.nextSibling ? { node: expression, source: text } : undefined;
}

/** The names an annotation looks up (`Optional`, `globus_sdk` in `Optional[globus_sdk.X]`). */
function namesUsed(annotation: AnnotationText): string[] {
  const names: string[] = [];
  const cursor = annotation.node.cursor();
  do {
    if (cursor.name === 'VariableName') names.push(nodeText(cursor.node, annotation.source));
  } while (cursor.next() && cursor.from < annotation.node.to);
  return names;
}

/** Whether every name is bound in `scope` (or a builtin) when the module has run. */
function resolvable(annotation: AnnotationText, scope: NameScope): boolean {
  return namesUsed(annotation).every((name) => {
    if (scope.boundForTypeCheckingOnly(name)) return false;
    const binding = scope.lookup(name);
    return binding !== `builtins.${name}` || BUILTINS.has(name);
  });
}

export type SignatureNamespace =
  | { kind: 'module' }
  /** `eval_str` failed: string annotations read in Prefect's module, the unresolvable untyped. */
  | { kind: 'prefect'; scope: NameScope; isString: (node: SyntaxNode) => boolean };

/**
 * How a signature's annotations are read: in the module, unless a string annotation (every
 * annotation under `from __future__ import annotations`) names something unbound there.
 */
export function signatureNamespace(
  annotations: readonly SyntaxNode[],
  source: string,
  scope: NameScope,
): SignatureNamespace {
  const postponed = scope.lookup('annotations') === '__future__.annotations';
  const isString = (node: SyntaxNode): boolean =>
    postponed || node.name === 'String' || node.name === 'ContinuedString';
  const failing = annotations.some((node) => {
    if (!isString(node)) return false;
    const expression = annotationExpression(node, source);
    return expression === undefined || !resolvable(expression, scope);
  });
  return failing ? { kind: 'prefect', scope: PREFECT_SCOPE, isString } : { kind: 'module' };
}

/** In Prefect's namespace: the annotation to read, or undefined when pydantic cannot resolve it. */
export function inPrefectNamespace(node: SyntaxNode, source: string): AnnotationText | undefined {
  const expression = annotationExpression(node, source);
  return expression && resolvable(expression, PREFECT_SCOPE) ? expression : undefined;
}
