// pydantic 2's schema for a discriminated union (`Field(discriminator="kind")`): `oneOf` the
// members plus `discriminator: {propertyName, mapping}`, each Literal value mapped to its member.
import type { JsonValue } from './syntax-tree.js';

type JsonSchema = Record<string, JsonValue>;

/**
 * `anyOf: [{$ref: Cat}, {$ref: Dog}]` (with `{type: null}` for an Optional one) as the tagged
 * union pydantic writes, reading each member's Literal values of `propertyName` from its
 * definition; undefined when a member is not a class whose definition says them.
 */
export function discriminatedUnion(
  union: JsonSchema,
  propertyName: string,
  definitionOf: (ref: string) => JsonSchema | undefined,
): JsonSchema | undefined {
  if (!Array.isArray(union.anyOf)) return undefined;
  const members = union.anyOf as JsonSchema[];
  const nullable = members.some((member) => member.type === 'null' && Object.keys(member).length === 1);
  const choices = members.filter((member) => member.type !== 'null');
  const mapping: Record<string, JsonValue> = {};
  for (const choice of choices) {
    const ref = choice.$ref;
    if (typeof ref !== 'string' || Object.keys(choice).length !== 1) return undefined;
    const values = literalValues(definitionOf(ref), propertyName);
    if (!values) return undefined;
    for (const value of values) mapping[String(value)] ??= ref;
  }
  if (choices.length < 2) return undefined;
  const tagged: JsonSchema = { oneOf: choices, discriminator: { propertyName, mapping } };
  return nullable ? { anyOf: [tagged, { type: 'null' }] } : tagged;
}

/** The values a `Literal[...]` field allows, from its schema (`const` or `enum`). */
function literalValues(definition: JsonSchema | undefined, field: string): (string | number)[] | undefined {
  const properties = definition?.properties;
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return undefined;
  const property = properties[field];
  if (typeof property !== 'object' || property === null || Array.isArray(property)) return undefined;
  const values = property.const !== undefined ? [property.const] : property.enum;
  if (!Array.isArray(values) || values.length === 0) return undefined;
  const usable = values.filter((value) => typeof value === 'string' || typeof value === 'number');
  return usable.length === values.length ? (usable as (string | number)[]) : undefined;
}
