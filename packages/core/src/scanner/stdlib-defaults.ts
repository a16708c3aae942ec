// The standard library's values a default may name (`logging.INFO`, `math.pi`) and the calls
// whose result is the same on every machine (`timedelta(minutes=5)`, `list(range(3))`).
import type { DefaultNote } from './default-remarks.js';
import { MAX_ITEMS, binaryOperation, iterate, setEntry, truthy, unique } from './python-operators.js';
import { NONE, compare, float, int, isNumber, numeric, str, toJson } from './python-value.js';
import type { PyValue, TimeParts } from './python-value.js';

export const STDLIB_CONSTANTS: Record<string, PyValue> = {
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

type StdlibCall = (
  positional: PyValue[],
  keywords: ReadonlyMap<string, PyValue>,
  notes: DefaultNote[],
) => PyValue | undefined;

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
  notes: DefaultNote[],
): PyValue | undefined {
  const bound = bind(['key', 'default'], positional, keywords);
  const variable = bound?.get('key');
  if (!bound || variable?.type !== 'str') return undefined;
  // Prefect reads the environment of the machine that deploys; on a clean CI runner the
  // variable is unset and the fallback is what it gets. The flow's warnings name the variable.
  const fallback = bound.get('default') ?? NONE;
  const json = toJson(fallback);
  if (json === undefined) return undefined;
  notes.push({ kind: 'environment', variable: variable.value, fallback: json });
  return fallback;
}

const PATHS = ['pathlib.Path', 'pathlib.PurePath', 'pathlib.PosixPath', 'pathlib.PurePosixPath'];

export const STDLIB_CALLS: Record<string, StdlibCall> = {
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
