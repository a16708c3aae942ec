// Python's operators and truth on statically known values, as CPython computes them: floor
// division and modulo signed like the divisor, exact integers, dict keys where 1 == 1.0 == True.
import { compare, float, int, isNumber, numeric, str } from './python-value.js';
import type { PyValue } from './python-value.js';

/** Ranges, repeated strings and lists longer than this are not built. */
export const MAX_ITEMS = 10_000;

export function truthy(value: PyValue): boolean {
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

export function unique(values: PyValue[]): PyValue[] {
  const result: PyValue[] = [];
  for (const value of values) if (!result.some((seen) => sameKey(seen, value))) result.push(value);
  return result;
}

/** The first spelling of a key stays, the last value wins, as in a Python dict. */
export function setEntry(entries: [PyValue, PyValue][], key: PyValue, value: PyValue): void {
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

export function binaryOperation(operator: string, left: PyValue, right: PyValue): PyValue | undefined {
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

/** The items of an iterable argument (`list("ab")`, `tuple(range(3))`); undefined for others. */
export function iterate(value: PyValue | undefined): PyValue[] | undefined {
  if (!value) return undefined;
  if (value.type === 'list' || value.type === 'tuple' || value.type === 'set' || value.type === 'range')
    return value.items;
  if (value.type === 'str') return [...value.value].map(str);
  if (value.type === 'dict') return value.entries.map(([key]) => key);
  return undefined;
}
