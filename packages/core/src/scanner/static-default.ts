// Evaluates a default value the way Python would when the module is imported, without running
// it: literals, arithmetic, constants (also from other modules of the repository), standard
// library values and calls whose result is fixed, and instances of the repository's models.
import type { SyntaxNode } from '@lezer/common';
import type { NameScope } from './name-scope.js';
import { decodeStringToken } from './python-literal.js';
import { NONE, compare, isNumber, numeric, toJson } from './python-value.js';
import type { PyValue, TimeParts } from './python-value.js';
import { staticString } from './static-string.js';
import { childNodes, dottedName, meaningfulChildren, nodeText } from './syntax-tree.js';
import type { JsonValue, LiteralResult } from './syntax-tree.js';

/** Something about a default the flow's warnings should say. */
export type DefaultNote =
  { kind: 'environment'; variable: string; fallback: JsonValue } | { kind: 'runtime'; expression: string };

/** A note and what it is about: `parameter "day"`, `field Config.created`. */
export interface DefaultRemark {
  where: string;
  note: DefaultNote;
}

/** Where a name of another module of the repository is evaluated. */
export interface DefaultSources {
  /** A constant another module of the repository binds once (`pipelines.constants.PAGE`). */
  constant(qualified: string): { value: SyntaxNode; context: DefaultContext } | undefined;
  /** The value of a member of an Enum of the repository. */
  enumMemberValue(qualified: string, member: string): LiteralResult;
  /**
   * A repository model built with these keyword arguments, as pydantic dumps it; undefined
   * when `qualified` is no model of the repository or the dump is not knowable.
   */
  modelInstance(qualified: string, keywords: ReadonlyMap<string, PyValue>): JsonValue | undefined;
}

export interface DefaultContext {
  source: string;
  scope: NameScope;
  sources: DefaultSources | undefined;
  notes: DefaultNote[];
}

/** Names naming names, calls in calls: deeper than this is left to Python. */
const MAX_DEPTH = 24;
/** Ranges, repeated strings and lists longer than this are not built. */
const MAX_ITEMS = 10_000;

const STDLIB_CONSTANTS: Record<string, PyValue> = {
  ...Object.fromEntries(
    Object.entries({
      CRITICAL: 50,
      FATAL: 50,
      ERROR: 40,
      WARNING: 30,
      WARN: 30,
      INFO: 20,
      DEBUG: 10,
      NOTSET: 0,
    }).map(([name, level]) => [`logging.${name}`, int(level)]),
  ),
  'math.pi': { type: 'float', value: Math.PI },
  'math.e': { type: 'float', value: Math.E },
  'math.tau': { type: 'float', value: 2 * Math.PI },
  'math.inf': { type: 'float', value: Infinity },
  'math.nan': { type: 'float', value: NaN },
  'string.ascii_lowercase': str('abcdefghijklmnopqrstuvwxyz'),
  'string.ascii_uppercase': str('ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  'string.ascii_letters': str('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  'string.digits': str('0123456789'),
  'string.hexdigits': str('0123456789abcdefABCDEF'),
  'string.octdigits': str('01234567'),
  'string.punctuation': str('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'),
  'string.whitespace': str(' \t\n\r\x0b\x0c'),
  'datetime.MINYEAR': int(1),
  'datetime.MAXYEAR': int(9999),
  'datetime.timezone.utc': { type: 'timezone', minutes: 0 },
  'datetime.UTC': { type: 'timezone', minutes: 0 },
  ...Object.fromEntries(
    Object.entries({
      OK: 200,
      CREATED: 201,
      ACCEPTED: 202,
      NO_CONTENT: 204,
      MOVED_PERMANENTLY: 301,
      FOUND: 302,
      NOT_MODIFIED: 304,
      BAD_REQUEST: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      TOO_MANY_REQUESTS: 429,
      INTERNAL_SERVER_ERROR: 500,
      BAD_GATEWAY: 502,
      SERVICE_UNAVAILABLE: 503,
      GATEWAY_TIMEOUT: 504,
    }).map(([name, code]) => [`http.HTTPStatus.${name}`, int(code)]),
  ),
};

function int(value: number | bigint): PyValue {
  return { type: 'int', value: BigInt(value) };
}

function str(value: string): PyValue {
  return { type: 'str', value };
}

function float(value: number): PyValue {
  return { type: 'float', value };
}

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
    if (builtin) return builtin(args.positional, args.keywords, this.context);
    const instance = this.context.sources?.modelInstance(qualified, args.keywords);
    return instance === undefined || args.positional.length > 0
      ? undefined
      : { type: 'json', value: instance };
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

function truthy(value: PyValue): boolean {
  switch (value.type) {
    case 'none':
      return false;
    case 'bool':
      return value.value;
    case 'int':
      return value.value !== 0n;
    case 'float':
      return value.value !== 0;
    case 'str':
    case 'bytes':
    case 'text':
      return value.value !== '';
    case 'list':
    case 'tuple':
    case 'set':
    case 'range':
      return value.items.length > 0;
    case 'dict':
      return value.entries.length > 0;
    case 'timedelta':
      return value.micros !== 0n;
    default:
      return true;
  }
}

/** Python equality for hashing purposes: 1, 1.0 and True are one key. */
function sameKey(a: PyValue, b: PyValue): boolean {
  if (isNumber(a) && isNumber(b)) return compare(a, b) === 0;
  if (a.type !== b.type) return false;
  if (a.type === 'none') return true;
  if ((a.type === 'str' || a.type === 'bytes') && (b.type === 'str' || b.type === 'bytes'))
    return a.value === b.value;
  if ((a.type === 'tuple' && b.type === 'tuple') || (a.type === 'set' && b.type === 'set'))
    return a.items.length === b.items.length && a.items.every((item, i) => sameKey(item, b.items[i]!));
  return false;
}

function unique(values: PyValue[]): PyValue[] {
  const result: PyValue[] = [];
  for (const value of values) if (!result.some((seen) => sameKey(seen, value))) result.push(value);
  return result;
}

/** The first spelling of a key stays, the last value wins, as in a Python dict. */
function setEntry(entries: [PyValue, PyValue][], key: PyValue, value: PyValue): void {
  const existing = entries.find(([seen]) => sameKey(seen, key));
  if (existing) existing[1] = value;
  else entries.push([key, value]);
}

function floorDiv(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

function pyModFloat(a: number, b: number): number {
  const result = a % b;
  return result !== 0 && result < 0 !== b < 0 ? result + b : result;
}

function repeat(sequence: PyValue, times: PyValue): PyValue | undefined {
  if (times.type !== 'int' && times.type !== 'bool') return undefined;
  const count = Number(numeric(times));
  if (count <= 0) {
    if (sequence.type === 'str') return str('');
    return sequence.type === 'list' || sequence.type === 'tuple'
      ? { type: sequence.type, items: [] }
      : undefined;
  }
  if (sequence.type === 'str')
    return sequence.value.length * count > MAX_ITEMS ? undefined : str(sequence.value.repeat(count));
  if (sequence.type !== 'list' && sequence.type !== 'tuple') return undefined;
  if (sequence.items.length * count > MAX_ITEMS) return undefined;
  return { type: sequence.type, items: Array.from({ length: count }, () => sequence.items).flat() };
}

function binaryOperation(operator: string, left: PyValue, right: PyValue): PyValue | undefined {
  if (operator === '+') {
    if (left.type === 'str' && right.type === 'str') return str(left.value + right.value);
    if ((left.type === 'list' && right.type === 'list') || (left.type === 'tuple' && right.type === 'tuple'))
      return { type: left.type, items: [...left.items, ...right.items] };
    if (left.type === 'timedelta' && right.type === 'timedelta')
      return { type: 'timedelta', micros: left.micros + right.micros };
  }
  if (operator === '-' && left.type === 'timedelta' && right.type === 'timedelta')
    return { type: 'timedelta', micros: left.micros - right.micros };
  if (operator === '*') {
    if (left.type === 'str' || left.type === 'list' || left.type === 'tuple') return repeat(left, right);
    if (right.type === 'str' || right.type === 'list' || right.type === 'tuple') return repeat(right, left);
    if (left.type === 'timedelta' && (right.type === 'int' || right.type === 'bool'))
      return { type: 'timedelta', micros: left.micros * BigInt(numeric(right)) };
    if (right.type === 'timedelta' && (left.type === 'int' || left.type === 'bool'))
      return { type: 'timedelta', micros: right.micros * BigInt(numeric(left)) };
  }
  if (!isNumber(left) || !isNumber(right)) return undefined;
  const a = numeric(left);
  const b = numeric(right);
  if (typeof a === 'bigint' && typeof b === 'bigint') return integerOperation(operator, a, b);
  const x = Number(a);
  const y = Number(b);
  switch (operator) {
    case '+':
      return float(x + y);
    case '-':
      return float(x - y);
    case '*':
      return float(x * y);
    case '/':
      return y === 0 ? undefined : float(x / y);
    case '//':
      return y === 0 ? undefined : float(Math.floor(x / y));
    case '%':
      return y === 0 ? undefined : float(pyModFloat(x, y));
    case '**':
      return x === 0 && y < 0 ? undefined : finite(Math.pow(x, y));
    default:
      return undefined;
  }
}

function finite(value: number): PyValue | undefined {
  // CPython raises OverflowError (or gives a complex number) where JavaScript gives inf or NaN.
  return Number.isFinite(value) ? float(value) : undefined;
}

function integerOperation(operator: string, a: bigint, b: bigint): PyValue | undefined {
  switch (operator) {
    case '+':
      return int(a + b);
    case '-':
      return int(a - b);
    case '*':
      return int(a * b);
    case '/':
      return b === 0n ? undefined : float(Number(a) / Number(b));
    case '//':
      return b === 0n ? undefined : int(floorDiv(a, b));
    case '%':
      return b === 0n ? undefined : int(a - floorDiv(a, b) * b);
    case '**':
      if (b < 0n) return a === 0n ? undefined : finite(Math.pow(Number(a), Number(b)));
      // Beyond 2^53 the JSON would not be exact anyway; stop before building huge numbers.
      return b > 64n && (a > 1n || a < -1n) ? undefined : int(a ** b);
    case '<<':
      return b < 0n || b > 64n ? undefined : int(a << b);
    case '>>':
      return b < 0n ? undefined : int(a >> b);
    case '&':
      return int(a & b);
    case '|':
      return int(a | b);
    case '^':
      return int(a ^ b);
    default:
      return undefined;
  }
}

type StdlibCall = (
  positional: PyValue[],
  keywords: ReadonlyMap<string, PyValue>,
  context: DefaultContext,
) => PyValue | undefined;

/** The items of an iterable argument (`list("ab")`, `tuple(range(3))`); undefined for others. */
function iterate(value: PyValue | undefined): PyValue[] | undefined {
  if (!value) return undefined;
  if (value.type === 'list' || value.type === 'tuple' || value.type === 'set' || value.type === 'range')
    return value.items;
  if (value.type === 'str') return [...value.value].map(str);
  if (value.type === 'dict') return value.entries.map(([key]) => key);
  return undefined;
}

function onlyPositional(call: (args: PyValue[]) => PyValue | undefined): StdlibCall {
  return (positional, keywords) => (keywords.size > 0 ? undefined : call(positional));
}

function collection(type: 'list' | 'tuple' | 'set' | 'frozenset'): StdlibCall {
  return onlyPositional((args) => {
    if (args.length > 1) return undefined;
    const items = args.length === 0 ? [] : iterate(args[0]);
    if (!items) return undefined;
    if (type === 'set' || type === 'frozenset')
      return { type: 'set', items: unique(items), frozen: type === 'frozenset' };
    return { type, items: [...items] };
  });
}

function range(args: PyValue[]): PyValue | undefined {
  if (args.length === 0 || args.length > 3 || !args.every((arg) => arg.type === 'int' || arg.type === 'bool'))
    return undefined;
  const numbers = args.map((arg) => BigInt(numeric(arg as Extract<PyValue, { type: 'int' | 'bool' }>)));
  const [start, stop, step] =
    numbers.length === 1 ? [0n, numbers[0]!, 1n] : [numbers[0]!, numbers[1]!, numbers[2] ?? 1n];
  if (step === 0n) return undefined;
  const items: PyValue[] = [];
  for (let i = start; step > 0n ? i < stop : i > stop; i += step) {
    if (items.length >= MAX_ITEMS) return undefined;
    items.push(int(i));
  }
  return { type: 'range', items };
}

function extreme(direction: 1 | -1): StdlibCall {
  return onlyPositional((args) => {
    const candidates = args.length === 1 ? iterate(args[0]) : args;
    if (!candidates || candidates.length === 0) return undefined;
    let best = candidates[0]!;
    for (const candidate of candidates.slice(1)) {
      const order = compare(candidate, best);
      if (order === undefined) return undefined;
      if (order * direction > 0) best = candidate;
    }
    return best;
  });
}

function toInt(value: PyValue): PyValue | undefined {
  if (value.type === 'int') return value;
  if (value.type === 'bool') return int(value.value ? 1 : 0);
  if (value.type === 'float')
    return Number.isFinite(value.value) ? int(BigInt(Math.trunc(value.value))) : undefined;
  if (value.type === 'str') {
    const text = value.value.trim();
    return /^[+-]?\d+(_\d+)*$/.test(text) ? int(BigInt(text.replace(/_/g, ''))) : undefined;
  }
  return undefined;
}

function toFloat(value: PyValue): PyValue | undefined {
  if (isNumber(value)) return float(Number(numeric(value)));
  if (value.type !== 'str') return undefined;
  const text = value.value.trim().toLowerCase().replace(/_/g, '');
  if (/^[+-]?(inf|infinity)$/.test(text)) return float(text.startsWith('-') ? -Infinity : Infinity);
  if (/^[+-]?nan$/.test(text)) return float(NaN);
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text) ? float(Number(text)) : undefined;
}

function toStr(value: PyValue): PyValue | undefined {
  if (value.type === 'str') return value;
  if (value.type === 'int') return str(value.value.toString());
  if (value.type === 'bool') return str(value.value ? 'True' : 'False');
  if (value.type === 'none') return str('None');
  return undefined;
}

/** `round(x)`: to the nearest integer, halves to even. */
function roundHalfEven(value: number): bigint {
  const floor = Math.floor(value);
  const difference = value - floor;
  if (difference > 0.5 || (difference === 0.5 && floor % 2 !== 0)) return BigInt(floor + 1);
  return BigInt(floor);
}

const TIMEDELTA_UNITS: [string, bigint][] = [
  ['days', 86_400_000_000n],
  ['seconds', 1_000_000n],
  ['microseconds', 1n],
  ['milliseconds', 1000n],
  ['minutes', 60_000_000n],
  ['hours', 3_600_000_000n],
  ['weeks', 604_800_000_000n],
];

function timedelta(positional: PyValue[], keywords: ReadonlyMap<string, PyValue>): PyValue | undefined {
  if (positional.length > TIMEDELTA_UNITS.length) return undefined;
  let micros = 0n;
  let fraction = 0;
  const add = (value: PyValue, unit: bigint): boolean => {
    if (value.type === 'int' || value.type === 'bool') {
      micros += BigInt(numeric(value)) * unit;
      return true;
    }
    if (value.type !== 'float' || !Number.isFinite(value.value)) return false;
    fraction += value.value * Number(unit);
    return true;
  };
  for (const [i, value] of positional.entries()) if (!add(value, TIMEDELTA_UNITS[i]![1])) return undefined;
  for (const [name, value] of keywords) {
    const unit = TIMEDELTA_UNITS.find(([unitName]) => unitName === name)?.[1];
    if (unit === undefined || !add(value, unit)) return undefined;
  }
  // Fractions are exact here only when they come to whole microseconds (0.5 s, 1.5 h).
  if (!Number.isInteger(fraction)) return undefined;
  return { type: 'timedelta', micros: micros + BigInt(fraction) };
}

function smallInts(values: (PyValue | undefined)[]): number[] | undefined {
  const numbers: number[] = [];
  for (const value of values) {
    if (value === undefined) continue;
    if (value.type !== 'int') return undefined;
    numbers.push(Number(value.value));
  }
  return numbers;
}

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const DATE_FIELDS = ['year', 'month', 'day'];
const TIME_FIELDS = ['hour', 'minute', 'second', 'microsecond'];

/** Positional and keyword arguments laid over a list of parameter names. */
function bind(
  names: readonly string[],
  positional: PyValue[],
  keywords: ReadonlyMap<string, PyValue>,
  extra: readonly string[] = [],
): Map<string, PyValue> | undefined {
  if (positional.length > names.length) return undefined;
  const bound = new Map<string, PyValue>(positional.map((value, i) => [names[i]!, value]));
  for (const [name, value] of keywords) {
    if ((!names.includes(name) && !extra.includes(name)) || bound.has(name)) return undefined;
    bound.set(name, value);
  }
  return bound;
}

function offsetOf(value: PyValue | undefined): number | null | undefined {
  if (value === undefined || value.type === 'none') return null;
  return value.type === 'timezone' ? value.minutes : undefined;
}

function dateParts(bound: Map<string, PyValue>): { year: number; month: number; day: number } | undefined {
  const numbers = smallInts(DATE_FIELDS.map((name) => bound.get(name)));
  if (!numbers || numbers.length !== 3) return undefined;
  const [year, month, day] = numbers as [number, number, number];
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
    return undefined;
  return { year, month, day };
}

function timeParts(bound: Map<string, PyValue>): TimeParts | undefined {
  const [hour = 0, minute = 0, second = 0, micro = 0] = TIME_FIELDS.map((name) => {
    const value = bound.get(name);
    return value?.type === 'int' ? Number(value.value) : value === undefined ? 0 : NaN;
  });
  const offset = offsetOf(bound.get('tzinfo'));
  if (offset === undefined || [hour, minute, second, micro].some(Number.isNaN)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || micro > 999_999 || Math.min(hour, minute, second, micro) < 0)
    return undefined;
  return { hour, minute, second, micro, offset };
}

/** `PurePosixPath` text: repeated and trailing slashes and `.` parts dropped. */
function pathText(parts: string[]): string {
  let joined = '';
  for (const part of parts) joined = part.startsWith('/') || joined === '' ? part : `${joined}/${part}`;
  const rooted =
    joined.startsWith('//') && !joined.startsWith('///') ? '//' : joined.startsWith('/') ? '/' : '';
  const segments = joined.split('/').filter((segment) => segment !== '' && segment !== '.');
  const text = rooted + segments.join('/');
  return text === '' ? '.' : text;
}

function environment(
  positional: PyValue[],
  keywords: ReadonlyMap<string, PyValue>,
  context: DefaultContext,
): PyValue | undefined {
  const bound = bind(['key', 'default'], positional, keywords);
  const variable = bound?.get('key');
  if (!bound || variable?.type !== 'str') return undefined;
  // Prefect reads the environment of the machine that deploys; on a clean CI runner the
  // variable is unset and the fallback is what it gets. The flow's warnings name the variable.
  const fallback = bound.get('default') ?? NONE;
  const json = toJson(fallback);
  if (json === undefined) return undefined;
  context.notes.push({ kind: 'environment', variable: variable.value, fallback: json });
  return fallback;
}

const PATHS = ['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath'];

const STDLIB_CALLS: Record<string, StdlibCall> = {
  'builtins.list': collection('list'),
  'builtins.tuple': collection('tuple'),
  'builtins.set': collection('set'),
  'builtins.frozenset': collection('frozenset'),
  'builtins.range': onlyPositional(range),
  'builtins.sorted': (positional, keywords) => {
    const reverse = keywords.get('reverse');
    if (positional.length !== 1 || [...keywords.keys()].some((name) => name !== 'reverse')) return undefined;
    const items = iterate(positional[0]);
    if (!items) return undefined;
    let failed = false;
    const sorted = [...items].sort((a, b) => {
      const order = compare(a, b);
      if (order === undefined) failed = true;
      return order ?? 0;
    });
    if (failed) return undefined;
    return { type: 'list', items: reverse && truthy(reverse) ? sorted.reverse() : sorted };
  },
  'builtins.dict': (positional, keywords) => {
    if (positional.length > 1) return undefined;
    const entries: [PyValue, PyValue][] = [];
    const source = positional[0];
    if (source?.type === 'dict') for (const [key, value] of source.entries) setEntry(entries, key, value);
    else if (source) {
      for (const pair of iterate(source) ?? [undefined]) {
        const items = iterate(pair);
        if (!items || items.length !== 2) return undefined;
        setEntry(entries, items[0]!, items[1]!);
      }
    }
    for (const [key, value] of keywords) setEntry(entries, str(key), value);
    return { type: 'dict', entries };
  },
  'builtins.str': onlyPositional((args) =>
    args.length === 0 ? str('') : args.length === 1 ? toStr(args[0]!) : undefined,
  ),
  'builtins.int': onlyPositional((args) =>
    args.length === 0 ? int(0) : args.length === 1 ? toInt(args[0]!) : undefined,
  ),
  'builtins.float': onlyPositional((args) =>
    args.length === 0 ? float(0) : args.length === 1 ? toFloat(args[0]!) : undefined,
  ),
  'builtins.bool': onlyPositional((args) =>
    args.length > 1 ? undefined : { type: 'bool', value: args.length === 1 && truthy(args[0]!) },
  ),
  'builtins.abs': onlyPositional(([value, ...rest]) => {
    if (!value || rest.length > 0 || !isNumber(value)) return undefined;
    const number = numeric(value);
    return typeof number === 'number' ? float(Math.abs(number)) : int(number < 0n ? -number : number);
  }),
  'builtins.min': extreme(-1),
  'builtins.max': extreme(1),
  'builtins.len': onlyPositional(([value, ...rest]) => {
    if (!value || rest.length > 0) return undefined;
    if (value.type === 'str') return int([...value.value].length);
    if (value.type === 'dict') return int(value.entries.length);
    const items = iterate(value);
    return items ? int(items.length) : undefined;
  }),
  'builtins.round': onlyPositional(([value, ...rest]) => {
    if (!value || rest.length > 0 || !isNumber(value)) return undefined;
    const number = numeric(value);
    return typeof number === 'number'
      ? Number.isFinite(number)
        ? int(roundHalfEven(number))
        : undefined
      : int(number);
  }),
  'builtins.sum': onlyPositional(([value, ...rest]) => {
    const items = iterate(value);
    if (!items || rest.length > 0) return undefined;
    let total: PyValue | undefined = int(0);
    for (const item of items) total = total && binaryOperation('+', total, item);
    return total;
  }),
  'datetime.timedelta': timedelta,
  'datetime.date': (positional, keywords) => {
    const bound = bind(DATE_FIELDS, positional, keywords);
    const date = bound && dateParts(bound);
    return date ? { type: 'date', ...date } : undefined;
  },
  'datetime.datetime': (positional, keywords) => {
    const bound = bind([...DATE_FIELDS, ...TIME_FIELDS, 'tzinfo'], positional, keywords);
    const date = bound && dateParts(bound);
    const time = bound && timeParts(bound);
    return date && time ? { type: 'datetime', date, time } : undefined;
  },
  'datetime.time': (positional, keywords) => {
    const bound = bind([...TIME_FIELDS, 'tzinfo'], positional, keywords);
    const time = bound && timeParts(bound);
    return time ? { type: 'time', time } : undefined;
  },
  'datetime.timezone': onlyPositional(([offset, ...rest]) => {
    if (offset?.type !== 'timedelta' || rest.length > 0 || offset.micros % 60_000_000n !== 0n)
      return undefined;
    const minutes = Number(offset.micros / 60_000_000n);
    return Math.abs(minutes) < 24 * 60 ? { type: 'timezone', minutes } : undefined;
  }),
  'decimal.Decimal': onlyPositional(([value, ...rest]) => {
    if (!value || rest.length > 0) return undefined;
    if (value.type === 'int') return { type: 'text', value: value.value.toString() };
    if (value.type !== 'str') return undefined;
    // Plain decimal notation only: Decimal's str keeps it as written (no leading zeros, no `+`).
    const match = /^([+-]?)0*(\d+)(\.\d+)?$/.exec(value.value.trim());
    if (!match) return undefined;
    const [, sign, whole, fraction = ''] = match;
    // Decimal switches to scientific notation below 1e-6 (adjusted exponent < -6).
    const digits = (whole! + fraction.slice(1)).replace(/^0+(?=\d)/, '');
    if (fraction.length > 0 && 1 - fraction.length + digits.length - 1 < -6) return undefined;
    return { type: 'text', value: `${sign === '-' ? '-' : ''}${whole}${fraction}` };
  }),
  'uuid.UUID': onlyPositional(([value, ...rest]) => {
    if (value?.type !== 'str' || rest.length > 0) return undefined;
    const hex = value.value.replace(/^urn:uuid:/i, '').replace(/[{}-]/g, '');
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
    const h = hex.toLowerCase();
    return {
      type: 'text',
      value: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
    };
  }),
  ...Object.fromEntries(
    PATHS.map((name): [string, StdlibCall] => [
      name,
      onlyPositional((args) => {
        const parts: string[] = [];
        for (const arg of args) {
          if (arg.type !== 'str') return undefined;
          parts.push(arg.value);
        }
        return { type: 'text', value: pathText(parts) };
      }),
    ]),
  ),
  'os.getenv': environment,
  'os.environ.get': environment,
};
