// Request schemas and 422 details of a late Prefect 2.x server (2.20), derived from the 3.8 schemas by the
// differences Prefect's 2.20 models show: no labels or concurrency fields, legacy schedule fields, pydantic v1 errors.

import type { JsonSchema, ValidationIssue } from './body-validator.js';

const SCHEDULE_UNION: JsonSchema[] = [
  { $ref: '#/components/schemas/IntervalSchedule' },
  { $ref: '#/components/schemas/CronSchedule' },
  { $ref: '#/components/schemas/RRuleSchedule' },
];
const POSITIVE_OR_NULL: JsonSchema = { anyOf: [{ type: 'integer', exclusiveMinimum: 0 }, { type: 'null' }] };
const STRING_OR_NULL: JsonSchema = { anyOf: [{ type: 'string' }, { type: 'null' }] };

const LEGACY_DEPLOYMENT_FIELDS: Record<string, JsonSchema> = {
  infra_overrides: { anyOf: [{ type: 'object' }, { type: 'null' }] },
  schedule: { anyOf: [...SCHEDULE_UNION, { type: 'null' }] },
  is_schedule_active: { anyOf: [{ type: 'boolean' }, { type: 'null' }] },
  manifest_path: STRING_OR_NULL,
};
const FIELDS_ADDED_IN_3X = [
  'labels',
  'concurrency_limit',
  'concurrency_options',
  'global_concurrency_limit_id',
  'version_info',
];

/** The 2.20 request schemas, keyed like the 3.8 ones. */
export function legacyRequestSchemas(modern: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const schemas = structuredClone(modern);
  const edit = (
    name: string,
    change: (properties: Record<string, JsonSchema>, schema: JsonSchema) => void,
  ) => {
    const schema = schemas[name];
    if (schema?.properties) change(schema.properties, schema);
  };
  const withoutNewFields = (properties: Record<string, JsonSchema>) => {
    for (const field of FIELDS_ADDED_IN_3X) delete properties[field];
    Object.assign(properties, structuredClone(LEGACY_DEPLOYMENT_FIELDS));
  };
  edit('FlowCreate', (properties) => delete properties['labels']);
  edit('DeploymentFlowRunCreate', (properties) => delete properties['labels']);
  edit('WorkPoolCreate', (properties) => delete properties['storage_configuration']);
  edit('DeploymentCreate', (properties) => {
    withoutNewFields(properties);
    properties['enforce_parameter_schema'] = { type: 'boolean', default: false };
    properties['schedules'] = {
      type: 'array',
      items: { $ref: '#/components/schemas/DeploymentScheduleCreate' },
    };
  });
  edit('DeploymentUpdate', withoutNewFields);
  const legacyScheduleItem = (required: string[]): JsonSchema => ({
    type: 'object',
    additionalProperties: false,
    required,
    properties: {
      active:
        required.length > 0
          ? { type: 'boolean', default: true }
          : { anyOf: [{ type: 'boolean' }, { type: 'null' }] },
      schedule:
        required.length > 0 ? { anyOf: SCHEDULE_UNION } : { anyOf: [...SCHEDULE_UNION, { type: 'null' }] },
      max_active_runs: POSITIVE_OR_NULL,
      max_scheduled_runs: POSITIVE_OR_NULL,
      catchup: { type: 'boolean', default: false },
    },
  });
  schemas['DeploymentScheduleCreate'] = legacyScheduleItem(['schedule']);
  schemas['DeploymentScheduleUpdate'] = legacyScheduleItem([]);
  edit('DeploymentFilter', (properties) => {
    delete properties['flow_or_deployment_name'];
    delete properties['concurrency_limit'];
    properties['is_schedule_active'] = {
      anyOf: [{ $ref: '#/components/schemas/DeploymentFilterIsScheduleActive' }, { type: 'null' }],
    };
  });
  schemas['DeploymentFilterIsScheduleActive'] = {
    type: 'object',
    additionalProperties: false,
    properties: { eq_: { anyOf: [{ type: 'boolean' }, { type: 'null' }] } },
  };
  edit('DeploymentFilterTags', (properties) => delete properties['any_']);
  return schemas;
}

const V1_MESSAGES: Record<string, [string, string]> = {
  missing: ['value_error.missing', 'field required'],
  extra_forbidden: ['value_error.extra', 'extra fields not permitted'],
  string_type: ['type_error.str', 'str type expected'],
  int_type: ['type_error.integer', 'value is not a valid integer'],
  int_parsing: ['type_error.integer', 'value is not a valid integer'],
  int_from_float: ['type_error.integer', 'value is not a valid integer'],
  float_type: ['type_error.float', 'value is not a valid float'],
  float_parsing: ['type_error.float', 'value is not a valid float'],
  bool_type: ['type_error.bool', 'value could not be parsed to a boolean'],
  bool_parsing: ['type_error.bool', 'value could not be parsed to a boolean'],
  dict_type: ['type_error.dict', 'value is not a valid dict'],
  model_type: ['type_error.dict', 'value is not a valid dict'],
  list_type: ['type_error.list', 'value is not a valid list'],
  uuid_type: ['type_error.uuid', 'value is not a valid uuid'],
  uuid_parsing: ['type_error.uuid', 'value is not a valid uuid'],
  datetime_type: ['value_error.datetime', 'invalid datetime format'],
  datetime_from_date_parsing: ['value_error.datetime', 'invalid datetime format'],
  none_required: ['type_error.none.allowed', 'value is not none'],
};

/** A pydantic v2 error re-expressed the way pydantic v1 (Prefect 2.x) words it: `{loc, msg, type}`. */
export function toPydanticV1(issue: ValidationIssue): ValidationIssue {
  const known = V1_MESSAGES[issue.type];
  if (known) return { loc: issue.loc, msg: known[1], type: known[0] };
  switch (issue.type) {
    case 'value_error':
      return { loc: issue.loc, msg: issue.msg.replace(/^Value error, /, ''), type: 'value_error' };
    case 'enum':
      return {
        loc: issue.loc,
        msg: `value is not a valid enumeration member; permitted: ${String(issue.ctx?.['expected']).replace(' or ', ', ')}`,
        type: 'type_error.enum',
      };
    case 'greater_than':
      return {
        loc: issue.loc,
        msg: `ensure this value is greater than ${String(issue.ctx?.['gt'])}`,
        type: 'value_error.number.not_gt',
      };
    case 'string_pattern_mismatch':
      return {
        loc: issue.loc,
        msg: `string does not match regex "${String(issue.ctx?.['pattern'])}"`,
        type: 'value_error.str.regex',
      };
    default:
      return { loc: issue.loc, msg: issue.msg, type: issue.type };
  }
}
