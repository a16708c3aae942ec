// Turns zod's validation issues into sentences a user acts on: what is wrong, at which key, what
// is allowed instead, and where in the file (key for unknown keys, parent for missing ones).
import type { z } from 'zod';
import { closestNames } from '../naming/closest-names.js';
import type { LocationTarget } from './yaml-source.js';

export interface ConfigIssue {
  /** Path into the parsed data. */
  path: PropertyKey[];
  message: string;
  target: LocationTarget;
  /** Text inside the value the problem is about (a placeholder, a `${VAR}`). */
  needle?: string;
}

/** `environments.prod.deployments.hello_world.schedules[0]`; "the top level" for []. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the top level';
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const text = String(segment);
      if (!/^[A-Za-z0-9_.-]+$/.test(text)) return `[${JSON.stringify(text)}]`;
      return index === 0 ? text : `.${text}`;
    })
    .join('');
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { def: SchemaDef }).def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (
      def.innerType &&
      ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type)
    ) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      return current;
    }
  }
}

/** The keys the object schema at `path` allows, or [] when there is no object there. */
export function allowedKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    const def = defOf(current);
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'record') current = def.valueType;
    else if (def.type === 'array') current = def.element;
    else current = undefined;
    if (!current) return [];
    current = unwrap(current);
  }
  const def = defOf(current);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
  null: 'null',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function bound(
  issue: { minimum?: unknown; maximum?: unknown; inclusive?: boolean; origin?: string },
  small: boolean,
): string {
  const limit = Number(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'string')
    return small
      ? limit === 1
        ? 'must not be empty'
        : `must have at least ${limit} characters`
      : `must have at most ${limit} characters`;
  if (issue.origin === 'array')
    return small ? `must have at least ${limit} items` : `must have at most ${limit} items`;
  if (small) return issue.inclusive ? `must be at least ${limit}` : `must be greater than ${limit}`;
  return issue.inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
}

/** One issue becomes one or more (one per unknown key). */
export function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType): ConfigIssue[] {
  const path = issue.path as PropertyKey[];
  const where = formatPath(path);
  const missing =
    (issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined;
  if (missing && path.length > 0) {
    const key = String(path.at(-1));
    const choices = issue.code === 'invalid_value' ? ` (one of ${issue.values.map(String).join(', ')})` : '';
    return [
      {
        path,
        target: 'parent',
        message: `missing required key \`${key}\`${choices} in ${formatPath(path.slice(0, -1))}`,
      },
    ];
  }
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(schema, path);
      return issue.keys.map((key) => {
        const close = closestNames(key, allowed, 1);
        const suggestion = close.length > 0 ? `; did you mean \`${close[0]}\`?` : '';
        return {
          path: [...path, key],
          target: 'key',
          message: `unknown key \`${key}\` in ${where}${suggestion}${suggestion ? ' allowed' : '; allowed'}: ${allowed.join(', ')}`,
        };
      });
    }
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      return [
        { path, target: 'value', message: `${where} must be ${expected}, got ${describeValue(issue.input)}` },
      ];
    }
    case 'too_small':
    case 'too_big':
      return [
        {
          path,
          target: 'value',
          message: `${where} ${bound(issue, issue.code === 'too_small')}, got ${describeValue(issue.input)}`,
        },
      ];
    case 'invalid_value':
      return [
        {
          path,
          target: 'value',
          message: `${where} must be one of ${issue.values.map((value) => String(value)).join(', ')}, got ${describeValue(issue.input)}`,
        },
      ];
    case 'invalid_key': {
      const inner = issue.issues.map((item) => item.message).join('; ');
      return [
        { path, target: 'key', message: `${formatPath(path.slice(0, -1))} has an invalid key: ${inner}` },
      ];
    }
    case 'custom': {
      const params = issue.params as { needle?: string; target?: LocationTarget } | undefined;
      return [
        {
          path,
          target: params?.target ?? 'value',
          message: `${where}: ${issue.message}`,
          ...(params?.needle ? { needle: params.needle } : {}),
        },
      ];
    }
    default:
      return [{ path, target: 'value', message: `${where}: ${issue.message}` }];
  }
}
