// Evaluates a default value the way Python would when the module is imported, without running
// it: literals, arithmetic, constants (also from other modules of the repository), standard
// library values and calls whose result is fixed, and instances of the repository's models.
import type { SyntaxNode } from '@lezer/common';
import type { NameScope } from './name-scope.js';
import { decodeStringToken } from './python-literal.js';
import type { DefaultNote, DefaultRemark } from './default-remarks.js';
import { binaryOperation, setEntry, truthy, unique } from './python-operators.js';
import { NONE, float, int, isNumber, numeric, str, toJson } from './python-value.js';
import type { PyValue } from './python-value.js';
import { STDLIB_CALLS, STDLIB_CONSTANTS } from './stdlib-defaults.js';
import { staticString } from './static-string.js';
import { childNodes, dottedName, meaningfulChildren, nodeText } from './syntax-tree.js';
import type { JsonValue, LiteralResult } from './syntax-tree.js';
/** Where a name of another module of the repository is evaluated. */
export interface DefaultSources {
  /** A constant another module of the repository binds once (`pipelines.constants.PAGE`). */
  constant(qualified: string): { value: SyntaxNode; context: DefaultContext } | undefined;
  /** The value of a member of an Enum of the repository. */
  enumMemberValue(qualified: string, member: string): LiteralResult;
  /**
   * A repository model (or dataclass) built with these arguments, as pydantic dumps it;
   * undefined when `qualified` is neither, or the dump is not knowable.
   */
  modelInstance(
    qualified: string,
    positional: readonly PyValue[],
    keywords: ReadonlyMap<string, PyValue>,
  ): JsonValue | undefined;
}

export interface DefaultContext {
  source: string;
  scope: NameScope;
  sources: DefaultSources | undefined;
  notes: DefaultNote[];
}

/** Names naming names, calls in calls: deeper than this is left to Python. */
const MAX_DEPTH = 24;

/** A default's JSON as Prefect stores it, when Python would compute it the same on any machine. */
export function defaultJson(node: SyntaxNode, context: DefaultContext): LiteralResult {
  const value = evaluateDefault(node, context);
  const json = value === undefined ? undefined : toJson(value);
  return json === undefined ? { ok: false } : { ok: true, value: json };
}

/**
 * `defaultJson`, remarking what the flow's warnings should say about it: the environment
 * variables it reads, or that it is left out because only running Python would know it.
 */
export function remarkedDefault(
  node: SyntaxNode,
  context: Omit<DefaultContext, 'notes'>,
  where: string,
  remarks: DefaultRemark[],
): LiteralResult {
  const notes: DefaultNote[] = [];
  const value = defaultJson(node, { ...context, notes });
  if (value.ok) {
    for (const note of notes) remarks.push({ where, note });
    return value;
  }
  const text = nodeText(node, context.source).replace(/\s+/g, ' ').trim();
  const expression = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  remarks.push({ where, note: { kind: 'runtime', expression } });
  return value;
}

export function evaluateDefault(node: SyntaxNode, context: DefaultContext, depth = 0): PyValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  return new Evaluator(context, depth).value(node);
}

class Evaluator {
  constructor(
    private readonly context: DefaultContext,
    private readonly depth: number,
  ) {}

  private get source(): string {
    return this.context.source;
  }

  value(node: SyntaxNode): PyValue | undefined {
    switch (node.name) {
      case 'Number':
        return numberToken(nodeText(node, this.source));
      case 'String': {
        const literal = decodeStringToken(nodeText(node, this.source));
        return literal ? { type: literal.kind, value: literal.value } : undefined;
      }
      case 'ContinuedString':
      case 'FormatString': {
        const text = staticString(node, this.source, this.context.scope);
        return text === undefined ? undefined : str(text);
      }
      case 'Boolean':
        return { type: 'bool', value: nodeText(node, this.source) === 'True' };
      case 'None':
        return NONE;
      case 'ParenthesizedExpression': {
        const inner = meaningfulChildren(node);
        return inner.length === 1 ? this.value(inner[0]!) : undefined;
      }
      case 'ArrayExpression':
      case 'TupleExpression':
      case 'SetExpression': {
        const values = this.all(meaningfulChildren(node));
        if (!values) return undefined;
        if (node.name === 'SetExpression') return { type: 'set', items: unique(values), frozen: false };
        return { type: node.name === 'ArrayExpression' ? 'list' : 'tuple', items: values };
      }
      case 'DictionaryExpression':
        return this.dictionary(node);
      case 'UnaryExpression':
        return this.unary(node);
      case 'BinaryExpression':
        return this.binary(node);
      case 'VariableName':
        return this.name(node);
      case 'MemberExpression':
        return this.member(node);
      case 'CallExpression':
        return this.call(node);
      case 'ConditionalExpression': {
        const [then, test, otherwise] = meaningfulChildren(node).filter(
          (child) => child.name !== 'if' && child.name !== 'else',
        );
        const condition = test && this.value(test);
        if (!then || !otherwise || !condition) return undefined;
        return this.value(truthy(condition) ? then : otherwise);
      }
      default:
        return undefined;
    }
  }

  private nested(node: SyntaxNode, context: DefaultContext = this.context): PyValue | undefined {
    return evaluateDefault(node, context, this.depth + 1);
  }

  private all(nodes: SyntaxNode[]): PyValue[] | undefined {
    const values: PyValue[] = [];
    for (const node of nodes) {
      const value = this.value(node);
      if (value === undefined) return undefined;
      values.push(value);
    }
    return values;
  }

  private dictionary(node: SyntaxNode): PyValue | undefined {
    const parts = meaningfulChildren(node);
    if (parts.length % 2 !== 0) return undefined;
    const entries: [PyValue, PyValue][] = [];
    for (let i = 0; i < parts.length; i += 2) {
      const key = this.value(parts[i]!);
      const item = this.value(parts[i + 1]!);
      if (!key || !item) return undefined;
      setEntry(entries, key, item);
    }
    return { type: 'dict', entries };
  }

  private unary(node: SyntaxNode): PyValue | undefined {
    const [operator, operand] = childNodes(node);
    const value = operand ? this.value(operand) : undefined;
    if (!operator || !value) return undefined;
    const sign = nodeText(operator, this.source);
    if (sign === 'not') return { type: 'bool', value: !truthy(value) };
    if (!isNumber(value)) return undefined;
    const number = numeric(value);
    if (sign === '+') return typeof number === 'number' ? float(number) : int(number);
    if (sign === '-') return typeof number === 'number' ? float(-number) : int(-number);
    if (sign === '~' && typeof number === 'bigint') return int(-number - 1n);
    return undefined;
  }

  private binary(node: SyntaxNode): PyValue | undefined {
    const [leftNode, operator, rightNode] = childNodes(node);
    if (!leftNode || !operator || !rightNode) return undefined;
    const left = this.value(leftNode);
    const right = left && this.value(rightNode);
    if (!left || !right) return undefined;
    return binaryOperation(nodeText(operator, this.source), left, right);
  }

  /** A name: a constant of its scope, a stdlib or repository constant it was imported as. */
  private name(node: SyntaxNode): PyValue | undefined {
    const name = nodeText(node, this.source);
    const constant = this.context.scope.constant(name);
    if (constant) return this.nested(constant.value, { ...this.context, scope: constant.scope });
    const binding = this.context.scope.lookup(name);
    return binding === null ? undefined : this.qualified(binding);
  }

  private qualified(qualified: string): PyValue | undefined {
    const known = STDLIB_CONSTANTS[qualified];
    if (known) return known;
    const constant = this.context.sources?.constant(qualified);
    return constant
      ? this.nested(constant.value, { ...constant.context, notes: this.context.notes })
      : undefined;
  }

  /** `logging.INFO`, `constants.PAGE`, `Region.EU`, `Region.EU.value`. */
  private member(node: SyntaxNode): PyValue | undefined {
    const dotted = dottedName(node, this.source);
    if (!dotted || dotted.length < 2) return undefined;
    const scope = this.context.scope;
    const member = dotted[dotted.length - 1]!;
    const enumOf = (owner: string[], name: string): PyValue | undefined => {
      const qualified = scope.resolve(owner);
      const found = qualified === null ? undefined : this.context.sources?.enumMemberValue(qualified, name);
      return found?.ok ? fromJson(found.value) : undefined;
    };
    if (member === 'value' && dotted.length >= 3) {
      const value = enumOf(dotted.slice(0, -2), dotted[dotted.length - 2]!);
      if (value) return value;
    }
    const enumValue = enumOf(dotted.slice(0, -1), member);
    if (enumValue) return enumValue;
    const qualified = scope.resolve(dotted);
    return qualified === null ? undefined : this.qualified(qualified);
  }

  private call(node: SyntaxNode): PyValue | undefined {
    const [callee, argList] = childNodes(node);
    const dotted = callee ? dottedName(callee, this.source) : undefined;
    const qualified = dotted ? this.context.scope.resolve(dotted) : null;
    if (!argList || qualified === null) return undefined;
    const args = this.arguments(argList);
    if (!args) return undefined;
    const builtin = STDLIB_CALLS[qualified];
    if (builtin) return builtin(args.positional, args.keywords, this.context.notes);
    const instance = this.context.sources?.modelInstance(qualified, args.positional, args.keywords);
    return instance === undefined ? undefined : { type: 'json', value: instance };
  }

  private arguments(
    argList: SyntaxNode,
  ): { positional: PyValue[]; keywords: Map<string, PyValue> } | undefined {
    const positional: PyValue[] = [];
    const keywords = new Map<string, PyValue>();
    const args = meaningfulChildren(argList);
    for (let i = 0; i < args.length; i += 1) {
      const arg = args[i]!;
      if (arg.name === '*' || arg.name === '**') return undefined;
      if (arg.name === 'VariableName' && args[i + 1]?.name === 'AssignOp') {
        const value = args[i + 2] ? this.value(args[i + 2]!) : undefined;
        if (!value) return undefined;
        keywords.set(nodeText(arg, this.source), value);
        i += 2;
        continue;
      }
      if (keywords.size > 0) return undefined;
      const value = this.value(arg);
      if (!value) return undefined;
      positional.push(value);
    }
    return { positional, keywords };
  }
}

/** A value read back from JSON (an Enum member's value). */
function fromJson(value: JsonValue): PyValue | undefined {
  if (value === null) return NONE;
  if (typeof value === 'boolean') return { type: 'bool', value };
  if (typeof value === 'number') return Number.isInteger(value) ? int(value) : float(value);
  if (typeof value === 'string') return str(value);
  return { type: 'json', value };
}

/** A number token as CPython reads it; undefined for imaginary numbers. */
function numberToken(token: string): PyValue | undefined {
  const text = token.replace(/_/g, '');
  if (/[jJ]$/.test(text)) return undefined;
  if (/^0[xX][0-9a-fA-F]+$|^0[oO][0-7]+$|^0[bB][01]+$/.test(text)) return int(BigInt(text.toLowerCase()));
  if (/^\d+$/.test(text)) return int(BigInt(text));
  const value = Number(text);
  return Number.isNaN(value) ? undefined : float(value);
}
