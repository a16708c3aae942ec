// Validates request bodies against the JSON-schema subset of Prefect's OpenAPI document and reports
// failures the way Prefect's pydantic v2 models do (type, loc, msg, input, ctx), coercing values as pydantic's lax mode.

export type Loc = (string | number)[];

/** One entry of a 422 `exception_detail`, shaped like pydantic v2's `errors()`. */
export interface ValidationIssue {
  type: string;
  loc: Loc;
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** The JSON-schema keywords Prefect's request-body schemas use. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  /** A Literal with one value (`type: "event"`), as pydantic v2 writes it. */
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  items?: JsonSchema;
  $ref?: string;
  default?: unknown;
}

/**
 * Checks pydantic applies beyond the JSON schema (validators in Prefect's models), keyed by model name.
 * `before` sees the raw input and stops validation when it fails; `fields` run after a field's type passed;
 * `after` runs on the coerced model when every field passed. Each returns a message or undefined.
 */
export interface ModelRefinement {
  before?: (raw: Record<string, unknown>) => string | undefined;
  fields?: Record<string, (value: unknown) => string | undefined>;
  after?: (model: Record<string, unknown>) => string | undefined;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] };

const UUID_CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class BodyValidator {
  /**
   * @param tagUnionMembers pydantic v2 puts a union member's name in the error location; v1 (Prefect 2.x) does not.
   */
  constructor(
    private readonly schemas: Record<string, JsonSchema>,
    private readonly refinements: Record<string, ModelRefinement> = {},
    private readonly tagUnionMembers: boolean = true,
  ) {}

  schema(name: string): JsonSchema {
    const found = this.schemas[name];
    if (!found) throw new Error(`fake-prefect: no request schema named ${name}`);
    return found;
  }

  validate(schema: JsonSchema, value: unknown, loc: Loc = ['body']): Outcome {
    const issues: ValidationIssue[] = [];
    const coerced = this.check(schema, value, loc, issues, undefined);
    return issues.length === 0 ? { ok: true, value: coerced } : { ok: false, issues };
  }

  private check(
    schema: JsonSchema,
    value: unknown,
    loc: Loc,
    issues: ValidationIssue[],
    modelName: string | undefined,
  ): unknown {
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop() ?? '';
      return this.check(this.schema(name), value, loc, issues, name);
    }
    if (schema.anyOf) return this.checkUnion(schema.anyOf, value, loc, issues);
    if (schema.const !== undefined) {
      if (value === schema.const) return value;
      const expected = typeof schema.const === 'string' ? `'${schema.const}'` : String(schema.const);
      issues.push({
        type: 'literal_error',
        loc,
        msg: `Input should be ${expected}`,
        input: value,
        ctx: { expected },
      });
      return value;
    }
    if (schema.enum) return checkEnum(schema.enum, value, loc, issues);
    switch (schema.type) {
      case undefined:
        return value;
      case 'object':
        return schema.properties
          ? this.checkModel(schema, value, loc, issues, modelName)
          : this.checkDict(schema, value, loc, issues);
      case 'array':
        return this.checkList(schema, value, loc, issues);
      case 'string':
        return checkString(schema, value, loc, issues);
      case 'integer':
        return checkBounds(schema, checkInteger(value, loc, issues), loc, issues);
      case 'number':
        return checkBounds(schema, checkNumber(value, loc, issues), loc, issues);
      case 'boolean':
        return checkBoolean(value, loc, issues);
      case 'null':
        if (value !== null)
          issues.push({ type: 'none_required', loc, msg: 'Input should be None', input: value });
        return value;
      default:
        throw new Error(`fake-prefect: unsupported schema type ${schema.type}`);
    }
  }

  /**
   * pydantic treats `X | None` as a nullable X (errors keep their location) and a real union as
   * alternatives whose errors are tagged with each member's name.
   */
  private checkUnion(members: JsonSchema[], value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
    const nonNull = members.filter((member) => member.type !== 'null');
    const nullable = nonNull.length < members.length;
    if (nullable && value === null) return null;
    if (nonNull.length === 1) return this.check(nonNull[0] as JsonSchema, value, loc, issues, undefined);
    const collected: ValidationIssue[] = [];
    for (const member of nonNull) {
      const attempt: ValidationIssue[] = [];
      const memberLoc = this.tagUnionMembers ? [...loc, unionTag(member)] : loc;
      const coerced = this.check(member, value, memberLoc, attempt, undefined);
      if (attempt.length === 0) return coerced;
      collected.push(...attempt);
    }
    issues.push(...collected);
    return value;
  }

  private checkModel(
    schema: JsonSchema,
    value: unknown,
    loc: Loc,
    issues: ValidationIssue[],
    modelName: string | undefined,
  ): unknown {
    if (!isPlainObject(value)) {
      const className = modelName ?? 'Model';
      issues.push({
        type: 'model_type',
        loc,
        msg: `Input should be a valid dictionary or instance of ${className}`,
        input: value,
        ctx: { class_name: className },
      });
      return value;
    }
    const refinement = modelName ? this.refinements[modelName] : undefined;
    const refused = refinement?.before?.(value);
    if (refused !== undefined) {
      issues.push(valueError(loc, refused, value));
      return value;
    }
    const before = issues.length;
    const result: Record<string, unknown> = {};
    const properties = schema.properties ?? {};
    for (const [key, propertySchema] of Object.entries(properties)) {
      if (!(key in value)) {
        if (schema.required?.includes(key)) {
          issues.push({ type: 'missing', loc: [...loc, key], msg: 'Field required', input: value });
        }
        continue;
      }
      const fieldIssues: ValidationIssue[] = [];
      const coerced = this.check(propertySchema, value[key], [...loc, key], fieldIssues, undefined);
      const fieldCheck = refinement?.fields?.[key];
      if (fieldIssues.length === 0 && fieldCheck && coerced !== null && coerced !== undefined) {
        const message = fieldCheck(coerced);
        if (message !== undefined) fieldIssues.push(valueError([...loc, key], message, value[key]));
      }
      issues.push(...fieldIssues);
      result[key] = coerced;
    }
    for (const [key, extra] of Object.entries(value)) {
      if (key in properties) continue;
      if (schema.additionalProperties === false) {
        issues.push({
          type: 'extra_forbidden',
          loc: [...loc, key],
          msg: 'Extra inputs are not permitted',
          input: extra,
        });
      } else if (isPlainObject(schema.additionalProperties)) {
        result[key] = this.check(schema.additionalProperties, extra, [...loc, key], issues, undefined);
      } else {
        result[key] = extra;
      }
    }
    if (issues.length === before && refinement?.after) {
      const message = refinement.after(result);
      if (message !== undefined) issues.push(valueError(loc, message, value));
    }
    return result;
  }

  private checkDict(schema: JsonSchema, value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
    if (!isPlainObject(value)) {
      issues.push({ type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: value });
      return value;
    }
    if (!isPlainObject(schema.additionalProperties)) return value;
    const valueSchema = schema.additionalProperties;
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      result[key] = this.check(valueSchema, item, [...loc, key], issues, undefined);
    }
    return result;
  }

  private checkList(schema: JsonSchema, value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
    if (!Array.isArray(value)) {
      issues.push({ type: 'list_type', loc, msg: 'Input should be a valid list', input: value });
      return value;
    }
    const itemSchema = schema.items;
    if (!itemSchema) return value;
    return value.map((item, index) => this.check(itemSchema, item, [...loc, index], issues, undefined));
  }
}

export function valueError(loc: Loc, message: string, input: unknown): ValidationIssue {
  return { type: 'value_error', loc, msg: `Value error, ${message}`, input, ctx: { error: {} } };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The name pydantic gives a union member in an error location. */
function unionTag(member: JsonSchema): string {
  if (member.$ref) {
    const name = (member.$ref.split('/').pop() ?? 'Model').replace(/-(Input|Output)$/, '');
    // pydantic names a model with after-validators by the validators wrapping it.
    return name === 'CompoundTrigger'
      ? 'function-after[validate_require(), function-after[validate_require(), CompoundTrigger]]'
      : name;
  }
  switch (member.type) {
    case 'string':
      return 'str';
    case 'integer':
      return member.exclusiveMinimum !== undefined || member.minimum !== undefined
        ? 'constrained-int'
        : 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'array':
      return 'list[any]';
    case 'object':
      return 'dict[str,any]';
    default:
      return 'any';
  }
}

function checkEnum(allowed: unknown[], value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
  if (allowed.includes(value)) return value;
  const quoted = allowed.map((option) => `'${String(option)}'`);
  const expected =
    quoted.length <= 1
      ? (quoted[0] ?? '')
      : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  issues.push({ type: 'enum', loc, msg: `Input should be ${expected}`, input: value, ctx: { expected } });
  return value;
}

function checkString(schema: JsonSchema, value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
  if (schema.format === 'uuid') return checkUuid(value, loc, issues);
  if (schema.format === 'date-time') return checkDateTime(value, loc, issues);
  if (typeof value !== 'string') {
    issues.push({ type: 'string_type', loc, msg: 'Input should be a valid string', input: value });
    return value;
  }
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
    issues.push({
      type: 'string_pattern_mismatch',
      loc,
      msg: `String should match pattern '${schema.pattern}'`,
      input: value,
      ctx: { pattern: schema.pattern },
    });
  }
  return value;
}

/** pydantic accepts hyphenated or bare hex in any case (and a `urn:uuid:` prefix); the fake stores lowercase. */
function checkUuid(value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
  if (typeof value !== 'string') {
    issues.push({
      type: 'uuid_type',
      loc,
      msg: 'UUID input should be a string, bytes or UUID object',
      input: value,
    });
    return value;
  }
  const bare = value.replace(/^urn:uuid:/i, '');
  const badChar = [...bare].findIndex((char) => !/[0-9a-fA-F-]/.test(char));
  if (badChar >= 0) {
    issues.push({
      type: 'uuid_parsing',
      loc,
      msg:
        'Input should be a valid UUID, invalid character: expected an optional prefix of `urn:uuid:` ' +
        `followed by [0-9a-fA-F-], found \`${bare[badChar]}\` at ${badChar + 1}`,
      input: value,
      ctx: {
        error: `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${bare[badChar]}\` at ${badChar + 1}`,
      },
    });
    return value;
  }
  const hex = bare.replace(/-/g, '').toLowerCase();
  const canonical = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  if (hex.length !== 32 || !UUID_CANONICAL.test(canonical)) {
    const error = `invalid group count: expected 5, found ${bare.split('-').length}`;
    issues.push({
      type: 'uuid_parsing',
      loc,
      msg: `Input should be a valid UUID, ${error}`,
      input: value,
      ctx: { error },
    });
    return value;
  }
  return canonical;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})?$/;

function checkDateTime(value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
  if (typeof value === 'number') return new Date(value * 1000).toISOString();
  if (typeof value !== 'string') {
    issues.push({ type: 'datetime_type', loc, msg: 'Input should be a valid datetime', input: value });
    return value;
  }
  if (!ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value.replace(' ', 'T')))) {
    const error = value.length < 10 ? 'input is too short' : 'invalid character in year';
    issues.push({
      type: 'datetime_from_date_parsing',
      loc,
      msg: `Input should be a valid datetime or date, ${error}`,
      input: value,
      ctx: { error },
    });
  }
  return value;
}

function checkInteger(value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value;
    issues.push({
      type: 'int_from_float',
      loc,
      msg: 'Input should be a valid integer, got a number with a fractional part',
      input: value,
    });
    return value;
  }
  if (typeof value === 'string') {
    if (/^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
    issues.push({
      type: 'int_parsing',
      loc,
      msg: 'Input should be a valid integer, unable to parse string as an integer',
      input: value,
    });
    return value;
  }
  issues.push({ type: 'int_type', loc, msg: 'Input should be a valid integer', input: value });
  return value;
}

function checkNumber(value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const parsed = Number(value);
    if (value.trim() !== '' && Number.isFinite(parsed)) return parsed;
    issues.push({
      type: 'float_parsing',
      loc,
      msg: 'Input should be a valid number, unable to parse string as a number',
      input: value,
    });
    return value;
  }
  issues.push({ type: 'float_type', loc, msg: 'Input should be a valid number', input: value });
  return value;
}

function checkBounds(schema: JsonSchema, value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
  if (typeof value !== 'number') return value;
  if (schema.exclusiveMinimum !== undefined && !(value > schema.exclusiveMinimum)) {
    const gt = schema.exclusiveMinimum;
    issues.push({
      type: 'greater_than',
      loc,
      msg: `Input should be greater than ${gt}`,
      input: value,
      ctx: { gt },
    });
  }
  if (schema.minimum !== undefined && !(value >= schema.minimum)) {
    const ge = schema.minimum;
    issues.push({
      type: 'greater_than_equal',
      loc,
      msg: `Input should be greater than or equal to ${ge}`,
      input: value,
      ctx: { ge },
    });
  }
  if (schema.maximum !== undefined && !(value <= schema.maximum)) {
    const le = schema.maximum;
    issues.push({
      type: 'less_than_equal',
      loc,
      msg: `Input should be less than or equal to ${le}`,
      input: value,
      ctx: { le },
    });
  }
  return value;
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', 'on', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', 'off', '0']);

function checkBoolean(value: unknown, loc: Loc, issues: ValidationIssue[]): unknown {
  if (typeof value === 'boolean') return value;
  if (value === 0 || value === 1) return value === 1;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    issues.push({
      type: 'bool_parsing',
      loc,
      msg: 'Input should be a valid boolean, unable to interpret input',
      input: value,
    });
    return value;
  }
  issues.push({ type: 'bool_type', loc, msg: 'Input should be a valid boolean', input: value });
  return value;
}
