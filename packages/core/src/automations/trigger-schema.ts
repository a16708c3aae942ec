// The `triggers` setting: each item is Prefect's own deployment trigger (the shape prefect.yaml
// holds) or the shorthand `after: <flow>`, checked as Prefect 3.8.3's models check it.
//
// Prefect (events/schemas/deployment_triggers.py, automations.py) fills defaults and ignores
// unknown keys; here an unknown key is refused, since a misspelt `expects` would otherwise
// silently make a trigger that fires on every event.
import { z } from 'zod';
import { closestNames } from '../naming/closest-names.js';
import { FLOW_RUN_STATE_NAMES, type DeploymentTrigger, type TriggerJson } from './trigger-model.js';

type Path = (string | number)[];
type Problem = (message: string, path?: Path, atKey?: boolean) => void;

const AUTOMATION_KEYS = ['name', 'description', 'enabled', 'parameters', 'job_variables', 'schedule_after'];
const RESOURCE_KEYS = ['match', 'match_related'];
const KEYS_OF: Record<string, string[]> = {
  event: ['type', ...RESOURCE_KEYS, 'after', 'expect', 'for_each', 'posture', 'threshold', 'within'],
  metric: ['type', ...RESOURCE_KEYS, 'posture', 'metric'],
  compound: ['type', 'triggers', 'within', 'require'],
  sequence: ['type', 'triggers', 'within'],
};
const SHORTHAND_KEYS = ['after', 'states', 'within', ...AUTOMATION_KEYS];
const METRIC_KEYS = ['name', 'threshold', 'operator', 'range', 'firing_for'];
const METRIC_NAMES = ['lateness', 'duration', 'successes'];
const METRIC_OPERATORS = ['<', '<=', '>', '>='];
/** A flow name, optionally `/variant`: what a reference and the shorthand name. */
const FLOW_REF = /^[A-Za-z0-9_]+(\/[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+)*)?$/;

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return isMapping(value) ? 'a mapping' : JSON.stringify(value);
}

/**
 * Seconds from what pydantic reads as a timedelta: a number of seconds, an ISO-8601 duration
 * (`PT1H`, `P1DT30M`) or `[D day[s], ]HH:MM[:SS]`. Undefined when it is none of these.
 */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  const iso =
    /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(
      text,
    );
  if (iso && text.length > 1 && !/T$/i.test(text)) {
    const [weeks, days, hours, minutes, seconds] = iso.slice(1).map((part) => Number(part ?? 0));
    return (((weeks! * 7 + days!) * 24 + hours!) * 60 + minutes!) * 60 + seconds!;
  }
  const clock = /^(?:(\d+) days?,\s*)?(\d+):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/.exec(text);
  if (clock) {
    const [days, hours, minutes, seconds] = clock.slice(1).map((part) => Number(part ?? 0));
    return ((days! * 24 + hours!) * 60 + minutes!) * 60 + seconds!;
  }
  return undefined;
}

function readDuration(value: unknown, path: Path, problem: Problem, minimum = 0): number | undefined {
  const seconds = durationSeconds(value);
  if (seconds === undefined) {
    problem(
      `must be a duration: seconds (3600), an ISO-8601 duration (PT1H) or HH:MM:SS; got ${describeValue(value)}`,
      path,
    );
    return undefined;
  }
  if (seconds < minimum) {
    problem(`must be at least ${minimum} seconds; got ${seconds}`, path);
    return undefined;
  }
  return seconds;
}

function checkKeys(
  item: Record<string, unknown>,
  allowed: string[],
  path: Path,
  problem: Problem,
  what: string,
) {
  for (const key of Object.keys(item)) {
    if (allowed.includes(key)) continue;
    const close = closestNames(key, allowed, 1);
    const onlyTop = AUTOMATION_KEYS.includes(key) && path.length > 0;
    problem(
      onlyTop
        ? `\`${key}\` belongs to the top-level trigger (the automation), not to a trigger inside \`triggers\``
        : `unknown key \`${key}\` in ${what}${close.length > 0 ? `; did you mean \`${close[0]}\`?` : ''} Allowed: ${allowed.join(', ')}`,
      [...path, key],
      true,
    );
  }
}

function readStringSet(value: unknown, path: Path, problem: Problem): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    problem(
      `must be a list of strings (event names; a trailing * matches a prefix); got ${describeValue(value)}`,
      path,
    );
    return [];
  }
  return [...new Set(value as string[])];
}

function readResource(value: unknown, path: Path, problem: Problem): Record<string, string | string[]> {
  if (!isMapping(value)) {
    problem(
      `must be a mapping of resource labels (prefect.resource.id: ...) to a value or a list of values`,
      path,
    );
    return {};
  }
  for (const [label, labelValue] of Object.entries(value)) {
    const ok =
      typeof labelValue === 'string' ||
      (Array.isArray(labelValue) && labelValue.every((item) => typeof item === 'string'));
    if (!ok)
      problem(`the value of label \`${label}\` must be a string or a list of strings`, [...path, label]);
  }
  return value as Record<string, string | string[]>;
}

function triggerType(item: Record<string, unknown>): string {
  // As Prefect's deployment_trigger_discriminator: explicit type, else inferred from the keys.
  if ('type' in item) return String(item.type);
  if (item.posture === 'Metric') return 'metric';
  if ('triggers' in item) return 'require' in item ? 'compound' : 'sequence';
  return 'event';
}

/** One trigger (top-level or nested) as Prefect's model dumps it; undefined after a problem. */
function readTriggerJson(
  item: Record<string, unknown>,
  path: Path,
  problem: Problem,
  top: boolean,
): TriggerJson {
  const type = triggerType(item);
  const keys = KEYS_OF[type];
  if (!keys) {
    problem(`\`type\` must be event, compound, sequence or metric; got ${describeValue(item.type)}`, [
      ...path,
      'type',
    ]);
    return {};
  }
  checkKeys(item, top ? [...keys, ...AUTOMATION_KEYS] : keys, path, problem, `a ${type} trigger`);
  switch (type) {
    case 'event':
      return readEvent(item, path, problem);
    case 'metric':
      return readMetric(item, path, problem);
    default:
      return readComposite(type, item, path, problem);
  }
}

function readEvent(item: Record<string, unknown>, path: Path, problem: Problem): TriggerJson {
  const posture = item.posture ?? 'Reactive';
  if (posture !== 'Reactive' && posture !== 'Proactive') {
    problem(`\`posture\` of an event trigger must be Reactive or Proactive; got ${describeValue(posture)}`, [
      ...path,
      'posture',
    ]);
  }
  const threshold = item.threshold ?? 1;
  if (!Number.isInteger(threshold))
    problem(`\`threshold\` must be a whole number; got ${describeValue(threshold)}`, [...path, 'threshold']);
  if (item.within === null)
    problem('`within` should be a valid timedelta (seconds); got null', [...path, 'within']);
  let within =
    item.within === undefined || item.within === null
      ? 0
      : (readDuration(item.within, [...path, 'within'], problem) ?? 0);
  if (posture === 'Proactive') {
    if (within === 0) within = 10;
    else if (within < 10)
      problem('`within` for Proactive triggers must be greater than or equal to 10 seconds', [
        ...path,
        'within',
      ]);
  }
  return {
    type: 'event',
    match: item.match === undefined ? {} : readResource(item.match, [...path, 'match'], problem),
    match_related: readMatchRelated(item.match_related, [...path, 'match_related'], problem),
    after: readStringSet(item.after, [...path, 'after'], problem),
    expect: readStringSet(item.expect, [...path, 'expect'], problem),
    for_each: readStringSet(item.for_each, [...path, 'for_each'], problem),
    posture,
    threshold,
    within,
  };
}

function readMatchRelated(value: unknown, path: Path, problem: Problem): unknown {
  if (value === undefined) return {};
  if (Array.isArray(value)) return value.map((each, index) => readResource(each, [...path, index], problem));
  return readResource(value, path, problem);
}

function readMetric(item: Record<string, unknown>, path: Path, problem: Problem): TriggerJson {
  if (item.posture !== undefined && item.posture !== 'Metric')
    problem(`\`posture\` of a metric trigger is Metric; got ${describeValue(item.posture)}`, [
      ...path,
      'posture',
    ]);
  const metric = item.metric;
  const metricPath = [...path, 'metric'];
  let query: Record<string, unknown> = {};
  if (!isMapping(metric)) {
    problem(
      'a metric trigger needs `metric: {name, threshold, operator}`',
      metric === undefined ? path : metricPath,
    );
  } else {
    checkKeys(metric, METRIC_KEYS, metricPath, problem, 'a metric query');
    if (!METRIC_NAMES.includes(metric.name as string))
      problem(`\`name\` must be one of ${METRIC_NAMES.join(', ')}; got ${describeValue(metric.name)}`, [
        ...metricPath,
        'name',
      ]);
    if (typeof metric.threshold !== 'number')
      problem(`\`threshold\` must be a number; got ${describeValue(metric.threshold)}`, [
        ...metricPath,
        'threshold',
      ]);
    if (!METRIC_OPERATORS.includes(metric.operator as string))
      problem(
        `\`operator\` must be one of ${METRIC_OPERATORS.join(' ')}; got ${describeValue(metric.operator)}`,
        [...metricPath, 'operator'],
      );
    const window = (key: 'range' | 'firing_for') =>
      metric[key] === undefined
        ? 300
        : (readDuration(metric[key], [...metricPath, key], problem, 300) ?? 300);
    query = {
      name: metric.name,
      threshold: metric.threshold,
      operator: metric.operator,
      range: window('range'),
      firing_for: window('firing_for'),
    };
  }
  return {
    type: 'metric',
    match: item.match === undefined ? {} : readResource(item.match, [...path, 'match'], problem),
    match_related: readMatchRelated(item.match_related, [...path, 'match_related'], problem),
    posture: 'Metric',
    metric: query,
  };
}

function readComposite(
  type: string,
  item: Record<string, unknown>,
  path: Path,
  problem: Problem,
): TriggerJson {
  const children: TriggerJson[] = [];
  if (!Array.isArray(item.triggers)) {
    problem(
      `a ${type} trigger needs \`triggers\`, a list of triggers`,
      'triggers' in item ? [...path, 'triggers'] : path,
    );
  } else {
    item.triggers.forEach((child, index) => {
      const childPath = [...path, 'triggers', index];
      if (!isMapping(child)) problem(`must be a trigger (a mapping); got ${describeValue(child)}`, childPath);
      else children.push(readTriggerJson(child, childPath, problem, false));
    });
  }
  const within =
    item.within === undefined || item.within === null
      ? null
      : (readDuration(item.within, [...path, 'within'], problem) ?? null);
  if (type === 'sequence') return { type, triggers: children, within };
  const require = item.require;
  if (require === undefined) problem('a compound trigger needs `require`: a number, `any` or `all`', path);
  else if (require !== 'any' && require !== 'all') {
    if (!Number.isInteger(require))
      problem(`\`require\` must be a number, \`any\` or \`all\`; got ${describeValue(require)}`, [
        ...path,
        'require',
      ]);
    else if ((require as number) < 1) problem('`require` must be at least 1', [...path, 'require']);
    else if ((require as number) > children.length)
      problem('`require` must be less than or equal to the number of triggers', [...path, 'require']);
  }
  return { type, triggers: children, within, require };
}

function readAutomationFields(item: Record<string, unknown>, problem: Problem) {
  const mappingOrNull = (key: string) => {
    const value = item[key];
    if (value === undefined || value === null) return null;
    if (!isMapping(value)) {
      problem(`\`${key}\` must be a mapping; got ${describeValue(value)}`, [key]);
      return null;
    }
    return value;
  };
  if (item.name !== undefined && item.name !== null && (typeof item.name !== 'string' || item.name === ''))
    problem(`\`name\` must be a non-empty string; got ${describeValue(item.name)}`, ['name']);
  if (item.description !== undefined && typeof item.description !== 'string')
    problem(`\`description\` must be a string; got ${describeValue(item.description)}`, ['description']);
  if (item.enabled !== undefined && typeof item.enabled !== 'boolean')
    problem(`\`enabled\` must be true or false; got ${describeValue(item.enabled)}`, ['enabled']);
  const jobVariables = mappingOrNull('job_variables');
  if (jobVariables && 'env' in jobVariables && !isMapping(jobVariables.env))
    problem('`job_variables.env` must be a mapping of variable names to text', ['job_variables', 'env']);
  return {
    name: typeof item.name === 'string' && item.name !== '' ? item.name : null,
    description: typeof item.description === 'string' ? item.description : '',
    enabled: typeof item.enabled === 'boolean' ? item.enabled : true,
    parameters: mappingOrNull('parameters'),
    job_variables: jobVariables,
    schedule_after:
      item.schedule_after === undefined
        ? 0
        : (readDuration(item.schedule_after, ['schedule_after'], problem) ?? 0),
  };
}

/** `after: <flow>`: a run of this deployment when that flow's deployment reaches one of `states`. */
function readShorthand(item: Record<string, unknown>, problem: Problem): DeploymentTrigger {
  checkKeys(item, SHORTHAND_KEYS, [], problem, 'the `after:` shorthand');
  const after = item.after as string;
  if (!FLOW_REF.test(after))
    problem(
      `\`after\` names a flow of this project (\`extract\`, or \`extract/eu\` for a variant); got "${after}"`,
      ['after'],
    );
  let states: string[] = ['Completed'];
  if (item.states !== undefined) {
    const listed = Array.isArray(item.states) ? item.states : [item.states];
    states = [];
    listed.forEach((state, index) => {
      if (typeof state === 'string' && (FLOW_RUN_STATE_NAMES as readonly string[]).includes(state))
        states.push(state);
      else {
        const close = typeof state === 'string' ? closestNames(state, FLOW_RUN_STATE_NAMES, 1) : [];
        problem(
          `${describeValue(state)} is not a flow-run state${close.length > 0 ? `; did you mean ${close[0]}?` : ''} States: ${FLOW_RUN_STATE_NAMES.join(', ')}`,
          Array.isArray(item.states) ? ['states', index] : ['states'],
        );
      }
    });
    if (listed.length === 0) problem('`states` lists no state; leave it out for [Completed]', ['states']);
  }
  const within = item.within === undefined ? 0 : (readDuration(item.within, ['within'], problem) ?? 0);
  return {
    ...readAutomationFields(item, problem),
    after,
    trigger: {
      type: 'event',
      match: { 'prefect.resource.id': 'prefect.flow-run.*' },
      match_related: {
        'prefect.resource.id': `{deployment:${after}}`,
        'prefect.resource.role': 'deployment',
      },
      after: [],
      expect: [...new Set(states)].map((state) => `prefect.flow-run.${state}`),
      for_each: [],
      posture: 'Reactive',
      threshold: 1,
      within,
    },
  };
}

/**
 * Reads one item of a `triggers` list; reports every problem through `problem`. `rawOnly`: the
 * item is Prefect's trigger object (the SDK's form), never the shorthand.
 */
export function readDeploymentTrigger(
  value: unknown,
  problem: Problem,
  rawOnly = false,
): DeploymentTrigger | undefined {
  if (!isMapping(value)) {
    problem(`a trigger is a mapping (Prefect's trigger, or \`after: <flow>\`); got ${describeValue(value)}`);
    return undefined;
  }
  if (typeof value.after === 'string' && !rawOnly) return readShorthand(value, problem);
  const fields = readAutomationFields(value, problem);
  return { ...fields, trigger: readTriggerJson(value, [], problem, true) };
}

/** The zod form of one `triggers` item, for the config schema: problems become issues at their key. */
export const triggerItem = z.unknown().transform((value, ctx) => {
  let failed = false;
  const trigger = readDeploymentTrigger(value, (message, path = [], atKey = false) => {
    failed = true;
    ctx.addIssue({ code: 'custom', message, path, params: atKey ? { target: 'key' } : {} });
  });
  return failed || !trigger ? z.NEVER : trigger;
});

export const triggerList = z.array(triggerItem);

/** The acme-portal-sdk's trigger classes (PrefectDeployInfo.triggers keys) and the type each makes. */
export const SDK_TRIGGER_CLASSES: Record<string, string> = {
  DeploymentEventTrigger: 'event',
  DeploymentMetricTrigger: 'metric',
  DeploymentCompoundTrigger: 'compound',
  DeploymentSequenceTrigger: 'sequence',
};

/**
 * The SDK's static form, `triggers: {DeploymentEventTrigger: {...}, ...}`: one trigger per class
 * key, in the file's order, each the keyword arguments of that Prefect class.
 */
export const sdkTriggers = z.record(z.string(), z.unknown()).transform((classes, ctx) => {
  const triggers: DeploymentTrigger[] = [];
  let failed = false;
  for (const [className, params] of Object.entries(classes)) {
    const problem: Problem = (message, path = [], atKey = false) => {
      failed = true;
      ctx.addIssue({
        code: 'custom',
        message,
        path: [className, ...path],
        params: atKey ? { target: 'key' } : {},
      });
    };
    const type = SDK_TRIGGER_CLASSES[className];
    if (!type) {
      const close = closestNames(className, Object.keys(SDK_TRIGGER_CLASSES), 1);
      problem(
        `unknown trigger class \`${className}\`${close.length > 0 ? `; did you mean \`${close[0]}\`?` : ''} Classes: ${Object.keys(SDK_TRIGGER_CLASSES).join(', ')}`,
        [],
        true,
      );
      continue;
    }
    if (!isMapping(params)) {
      problem(`the arguments of ${className} must be a mapping; got ${describeValue(params)}`);
      continue;
    }
    if (params.type !== undefined && params.type !== type) {
      problem(`${className} is a ${type} trigger; \`type: ${String(params.type)}\` contradicts it`, ['type']);
      continue;
    }
    const trigger = readDeploymentTrigger({ ...params, type }, problem, true);
    if (trigger) triggers.push(trigger);
  }
  return failed ? z.NEVER : triggers;
});
