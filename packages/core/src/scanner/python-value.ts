// Python values a default can statically evaluate to, and their JSON as pydantic 2 writes a
// default in a schema (`to_jsonable_python`: tuples and sets as arrays, ISO dates, durations).
import type { JsonValue } from './syntax-tree.js';

export type PyValue =
  | { type: 'none' }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'str'; value: string }
  | { type: 'bytes'; value: string }
  | { type: 'list' | 'tuple'; items: PyValue[] }
  | { type: 'set'; items: PyValue[]; frozen: boolean }
  | { type: 'dict'; entries: [PyValue, PyValue][] }
  | { type: 'range'; items: PyValue[] }
  /** A length of time, in microseconds (`datetime.timedelta` keeps no more). */
  | { type: 'timedelta'; micros: bigint }
  | { type: 'date'; year: number; month: number; day: number }
  | { type: 'datetime'; date: DateParts; time: TimeParts }
  | { type: 'time'; time: TimeParts }
  /** `datetime.timezone(...)`: its offset in minutes. */
  | { type: 'timezone'; minutes: number }
  /** Written as its text: a Decimal, a UUID, a path. */
  | { type: 'text'; value: string }
  /** Already in pydantic's JSON form (a model instance dumped). */
  | { type: 'json'; value: JsonValue };

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export interface TimeParts {
  hour: number;
  minute: number;
  second: number;
  micro: number;
  /** Minutes east of UTC, or null for a naive time. */
  offset: number | null;
}

export const NONE: PyValue = { type: 'none' };

export function int(value: number | bigint): PyValue {
  return { type: 'int', value: BigInt(value) };
}

export function str(value: string): PyValue {
  return { type: 'str', value };
}

export function float(value: number): PyValue {
  return { type: 'float', value };
}

/** JSON holds integers exactly only up to 2^53; CPython's are unbounded. */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The JSON pydantic 2 writes for a default (`GenerateJsonSchema.encode_default`): undefined
 * where it has none we can be sure of (an integer beyond 2^53, a set of mixed types).
 */
export function toJson(value: PyValue): JsonValue | undefined {
  switch (value.type) {
    case 'none':
      return null;
    case 'bool':
      return value.value;
    case 'int':
      return value.value > SAFE || value.value < -SAFE ? undefined : Number(value.value);
    case 'float':
      // pydantic writes inf and nan as null (`ser_json_inf_nan="null"`).
      return Number.isFinite(value.value) ? value.value : null;
    case 'str':
      return value.value;
    case 'bytes':
      // pydantic writes bytes as UTF-8 text; only ASCII bytes are certain to survive that.
      return isAscii(value.value) ? value.value : undefined;
    case 'list':
    case 'tuple':
      return items(value.items);
    case 'set':
      return setItems(value.items);
    case 'dict':
      return dictionary(value.entries);
    case 'range':
    case 'timezone':
      return undefined;
    case 'timedelta':
      return isoDuration(value.micros);
    case 'date':
      return isoDate(value);
    case 'datetime':
      return `${isoDate(value.date)}T${isoTime(value.time)}`;
    case 'time':
      return isoTime(value.time);
    case 'text':
      return value.value;
    case 'json':
      return value.value;
  }
}

function items(values: readonly PyValue[]): JsonValue[] | undefined {
  const result: JsonValue[] = [];
  for (const item of values) {
    const json = toJson(item);
    if (json === undefined) return undefined;
    result.push(json);
  }
  return result;
}

/** pydantic sorts a set default of more than one item (`default_schema`); mixed types do not sort. */
function setItems(values: readonly PyValue[]): JsonValue[] | undefined {
  if (values.length < 2) return items(values);
  const kinds = new Set(values.map((item) => (isNumber(item) ? 'number' : item.type)));
  if (kinds.size !== 1 || !(kinds.has('number') || kinds.has('str'))) return undefined;
  const sorted = [...values].sort((a, b) => compare(a, b) ?? 0);
  return items(sorted);
}

function dictionary(entries: readonly [PyValue, PyValue][]): JsonValue | undefined {
  const result: Record<string, JsonValue> = {};
  for (const [key, item] of entries) {
    const name = dictionaryKey(key);
    const json = toJson(item);
    if (name === undefined || json === undefined) return undefined;
    result[name] = json;
  }
  return result;
}

/** pydantic's text for a dictionary key. */
function dictionaryKey(key: PyValue): string | undefined {
  if (key.type === 'str') return key.value;
  if (key.type === 'none') return 'None';
  if (key.type === 'bool') return String(key.value);
  if (key.type === 'int') return key.value.toString();
  if (key.type === 'float' && Number.isFinite(key.value) && !Number.isInteger(key.value))
    return String(key.value);
  return undefined;
}

export function isNumber(value: PyValue): value is Extract<PyValue, { type: 'int' | 'float' | 'bool' }> {
  return value.type === 'int' || value.type === 'float' || value.type === 'bool';
}

/** Python's `<` between two numbers or two strings; undefined for anything else. */
export function compare(a: PyValue, b: PyValue): number | undefined {
  if (isNumber(a) && isNumber(b)) {
    if (a.type !== 'float' && b.type !== 'float') {
      const x = numeric(a) as bigint;
      const y = numeric(b) as bigint;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const x = Number(numeric(a));
    const y = Number(numeric(b));
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.type === 'str' && b.type === 'str') {
    // Python compares code points; JavaScript's < compares UTF-16 units.
    const x = [...a.value].map((ch) => ch.codePointAt(0)!);
    const y = [...b.value].map((ch) => ch.codePointAt(0)!);
    for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  }
  return undefined;
}

/** An int or bool as a bigint, a float as a number. */
export function numeric(value: Extract<PyValue, { type: 'int' | 'float' | 'bool' }>): bigint | number {
  if (value.type === 'bool') return value.value ? 1n : 0n;
  return value.value;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function isoDate(date: DateParts): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** `12:30:00`, microseconds as six digits when there are some, `Z` at UTC, else `+02:00`. */
function isoTime(time: TimeParts): string {
  let text = `${pad(time.hour, 2)}:${pad(time.minute, 2)}:${pad(time.second, 2)}`;
  if (time.micro > 0) text += `.${pad(time.micro, 6)}`;
  if (time.offset === null) return text;
  if (time.offset === 0) return `${text}Z`;
  const sign = time.offset < 0 ? '-' : '+';
  const minutes = Math.abs(time.offset);
  return `${text}${sign}${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}

/**
 * pydantic_core's ISO 8601 duration: `-` for a negative one, years of 365 days, then days, then
 * `T` with hours, minutes and seconds (fraction without trailing zeros); `PT0S` when empty.
 */
export function isoDuration(totalMicros: bigint): string {
  const negative = totalMicros < 0n;
  let rest = negative ? -totalMicros : totalMicros;
  const micros = Number(rest % 1_000_000n);
  rest /= 1_000_000n;
  const seconds = Number(rest % 86_400n);
  const days = rest / 86_400n;
  let text = negative ? '-P' : 'P';
  const years = days / 365n;
  if (years > 0n) text += `${years}Y`;
  if (days % 365n > 0n) text += `${days % 365n}D`;
  if (seconds > 0 || micros > 0) {
    text += 'T';
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    if (hours > 0) text += `${hours}H`;
    if (minutes > 0) text += `${minutes}M`;
    const secs = seconds % 60;
    if (secs > 0 || micros > 0) {
      const fraction = micros > 0 ? `.${pad(micros, 6).replace(/0+$/, '')}` : '';
      text += `${secs}${fraction}S`;
    }
  }
  return text === 'P' || text === '-P' ? 'PT0S' : text;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}
