// What the keyword arguments of pydantic's `Field(...)` put in a JSON schema: constraints under
// JSON schema names, and the keywords pydantic does not know, passed through as schema extras.
import type { SyntaxNode } from '@lezer/common';
import type { JsonValue, LiteralResult } from './syntax-tree.js';

type JsonSchema = Record<string, JsonValue>;

/** `Field(ge=0)`: pydantic's keyword and the JSON schema key it sets, whatever the type. */
const CONSTRAINTS: Record<string, string> = {
  ge: 'minimum',
  gt: 'exclusiveMinimum',
  le: 'maximum',
  lt: 'exclusiveMaximum',
  multiple_of: 'multipleOf',
  pattern: 'pattern',
};

/** Length bounds name a different key for strings, arrays and objects. */
const LENGTHS: Record<string, Record<string, string>> = {
  min_length: { string: 'minLength', array: 'minItems', object: 'minProperties' },
  max_length: { string: 'maxLength', array: 'maxItems', object: 'maxProperties' },
};

/** pydantic 2's names for what `min_length`/`max_length` replaced; it still maps them. */
const RENAMED: Record<string, string> = { min_items: 'min_length', max_items: 'max_length' };

/** Every keyword `pydantic.Field` declares (2.13): anything else is an extra. */
const FIELD_PARAMETERS = new Set([
  'default',
  'default_factory',
  'alias',
  'alias_priority',
  'validation_alias',
  'serialization_alias',
  'title',
  'field_title_generator',
  'description',
  'examples',
  'exclude',
  'exclude_if',
  'discriminator',
  'deprecated',
  'json_schema_extra',
  'frozen',
  'validate_default',
  'repr',
  'init',
  'init_var',
  'kw_only',
  'pattern',
  'strict',
  'coerce_numbers_to_str',
  'gt',
  'ge',
  'lt',
  'le',
  'multiple_of',
  'allow_inf_nan',
  'max_digits',
  'decimal_places',
  'min_length',
  'max_length',
  'union_mode',
  'fail_fast',
  // Deprecated ones pydantic consumes without passing them on.
  'min_items',
  'max_items',
  'allow_mutation',
]);

/** Whether a keyword constrains the value (`ge`, `min_length`, ...). */
export function isConstraint(keyword: string): boolean {
  const name = RENAMED[keyword] ?? keyword;
  return name in CONSTRAINTS || name in LENGTHS;
}

/** The JSON schema key a constraint sets on a schema of `type`; undefined where pydantic sets none. */
export function constraintKey(keyword: string, type: JsonValue | undefined): string | undefined {
  const name = RENAMED[keyword] ?? keyword;
  const length = LENGTHS[name];
  if (length) return typeof type === 'string' ? length[type] : undefined;
  return CONSTRAINTS[name];
}

/**
 * `json_schema_extra={...}`, else the keywords `Field` does not declare (even a typo such as
 * `desciption=`): pydantic 2 warns and writes them into the schema as they are. A value that
 * is not static is left out.
 */
export function schemaExtra(
  keywords: readonly (readonly [string, SyntaxNode])[],
  valueOf: (node: SyntaxNode) => LiteralResult,
): JsonSchema {
  const given = keywords.find(([keyword]) => keyword === 'json_schema_extra');
  if (given) {
    const value = valueOf(given[1]);
    const dict = value.ok && isObject(value.value) ? value.value : undefined;
    // An empty dict is falsy to pydantic: the unknown keywords are used instead.
    if (dict === undefined) return {};
    if (Object.keys(dict).length > 0) return { ...dict };
  }
  const extra: JsonSchema = {};
  for (const [keyword, node] of keywords) {
    if (FIELD_PARAMETERS.has(keyword)) continue;
    const value = valueOf(node);
    if (value.ok) extra[keyword] = value.value;
  }
  return extra;
}

function isObject(value: JsonValue): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
