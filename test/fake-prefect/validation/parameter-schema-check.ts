// Checks values against a JSON schema the way Prefect enforces parameter schemas and work pool variables
// (jsonschema, `required` usually ignored), producing Prefect's "Validation failed ..." wording.

type Schema = Record<string, unknown>;

/** The first place a value breaks its schema: a jsonschema-style path (`$.env.FOO`) and jsonschema's reason. */
export interface SchemaViolation {
  path: string;
  reason: string;
}

export interface SchemaCheckOptions {
  /** Prefect ignores `required` when checking deployment parameters and job variables, not flow-run parameters. */
  ignoreRequired: boolean;
}

export function findSchemaViolation(
  value: unknown,
  schema: unknown,
  options: SchemaCheckOptions = { ignoreRequired: true },
): SchemaViolation | undefined {
  return isObject(schema) ? check(value, schema, '$', schema, options) : undefined;
}

/** Prefect's "Validation failed for field 'x'. Failure reason: ..." text of a violation. */
export function describeViolation(violation: SchemaViolation): string {
  const where =
    violation.path === '$'
      ? 'Validation failed.'
      : `Validation failed for field '${violation.path.slice(2)}'.`;
  return `${where} Failure reason: ${violation.reason}`;
}

/** Prefect's message when `parameters` do not fit `schema` (required ignored), or undefined when they do. */
export function parameterSchemaProblem(parameters: unknown, schema: unknown): string | undefined {
  const violation = findSchemaViolation(parameters, schema);
  return violation ? describeViolation(violation) : undefined;
}

function check(
  value: unknown,
  schema: Schema,
  path: string,
  root: Schema,
  options: SchemaCheckOptions,
): SchemaViolation | undefined {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const target = resolve(ref, root);
    return target ? check(value, target, path, root, options) : undefined;
  }
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) {
    for (const part of allOf) {
      const failure = isObject(part) ? check(value, part, path, root, options) : undefined;
      if (failure) return failure;
    }
  }
  const anyOf = schema['anyOf'];
  if (
    Array.isArray(anyOf) &&
    !anyOf.some((option) => isObject(option) && !check(value, option, path, root, options))
  ) {
    return { path, reason: `${pythonRepr(value)} is not valid under any of the given schemas` };
  }
  const types = schema['type'];
  if (types !== undefined) {
    const allowed = Array.isArray(types) ? types.map(String) : [String(types)];
    if (!allowed.some((type) => hasType(value, type))) {
      return {
        path,
        reason: `${pythonRepr(value)} is not of type ${allowed.map((type) => `'${type}'`).join(', ')}`,
      };
    }
  }
  const allowedValues = schema['enum'];
  if (Array.isArray(allowedValues) && !allowedValues.some((option) => sameJson(option, value))) {
    return { path, reason: `${pythonRepr(value)} is not one of ${pythonRepr(allowedValues)}` };
  }
  if (isObject(value)) return checkProperties(value, schema, path, root, options);
  if (Array.isArray(value) && isObject(schema['items'])) {
    const items = schema['items'];
    for (const [index, item] of value.entries()) {
      const failure = check(item, items, `${path}[${index}]`, root, options);
      if (failure) return failure;
    }
  }
  return undefined;
}

function checkProperties(
  value: Record<string, unknown>,
  schema: Schema,
  path: string,
  root: Schema,
  options: SchemaCheckOptions,
): SchemaViolation | undefined {
  const properties = isObject(schema['properties']) ? schema['properties'] : {};
  const required = Array.isArray(schema['required']) ? schema['required'].map(String) : [];
  const missing = options.ignoreRequired ? undefined : required.find((name) => !(name in value));
  if (missing !== undefined) return { path, reason: `${pythonRepr(missing)} is a required property` };
  for (const [key, item] of Object.entries(value)) {
    const propertySchema = properties[key];
    if (isObject(propertySchema)) {
      const failure = check(item, propertySchema, `${path}.${key}`, root, options);
      if (failure) return failure;
      continue;
    }
    const additional = schema['additionalProperties'];
    if (additional === false) {
      return { path, reason: `Additional properties are not allowed (${pythonRepr(key)} was unexpected)` };
    }
    if (isObject(additional)) {
      const failure = check(item, additional, `${path}.${key}`, root, options);
      if (failure) return failure;
    }
  }
  return undefined;
}

function resolve(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part] : undefined;
  return isObject(node) ? node : undefined;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true;
  }
}

function sameJson(left: unknown, right: unknown): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python's repr of a JSON value, as jsonschema prints it in messages. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isObject(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}
