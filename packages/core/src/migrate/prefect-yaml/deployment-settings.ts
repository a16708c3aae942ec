// One prefect.yaml deployment as our settings: every field `prefect deploy` sends, mapped to its
// key in `.acme-portal.yml`, or listed as not carried (file:line and why).
import type { SourceLocation } from '../../errors/portal-error.js';
import { isMapping, RESERVED_ENV_VARS, RESERVED_TAG_KEYS } from '../../config/schema.js';
import type { ActionStep, PrefectYamlDeployment } from './prefect-yaml-file.js';
import { envTemplateToConfig, TEMPLATE_REASONS, templatesInValue } from './prefect-templates.js';

/** Our settings for one deployment (FlowSettingsLayer keys, plus `triggers` carried raw). */
export type ImportedSettings = Record<string, unknown>;

export interface DroppedField {
  /** The prefect.yaml field, as a dotted path inside the deployment (or the file, for `build`). */
  field: string;
  location: SourceLocation;
  reason: string;
}

export interface CarriedField {
  field: string;
  /** Our key it went to. */
  to: string;
}

export interface DeploymentImport {
  settings: ImportedSettings;
  carried: CarriedField[];
  dropped: DroppedField[];
}

const SET_WORKING_DIRECTORY = 'prefect.deployments.steps.set_working_directory';

/** Fields read elsewhere (name, entrypoint) or that carry nothing a deployment keeps. */
const HANDLED_ELSEWHERE = new Set(['name', 'entrypoint']);

/** Python timedelta as pydantic reads it: seconds, `HH:MM:SS`, `[D day[s], ]HH:MM:SS`, ISO 8601 `P1DT2H`. */
export function intervalSeconds(value: unknown): number | null {
  if (typeof value === 'number') return value > 0 ? value : null;
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const clock = /^(?:(\d+) days?,?\s*)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/.exec(text);
  if (clock)
    return Number(clock[1] ?? 0) * 86400 + Number(clock[2]) * 3600 + Number(clock[3]) * 60 + Number(clock[4]);
  const iso =
    /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      text,
    );
  if (iso && text !== 'P' && !text.endsWith('T')) {
    const [, w, d, h, m, s] = iso.map((part) => Number(part ?? 0));
    return w! * 604800 + d! * 86400 + h! * 3600 + m! * 60 + s!;
  }
  return null;
}

class Importer {
  readonly settings: ImportedSettings = {};
  readonly carried: CarriedField[] = [];
  readonly dropped: DroppedField[] = [];
  constructor(readonly deployment: PrefectYamlDeployment) {}

  drop(path: readonly PropertyKey[], reason: string): void {
    this.dropped.push({ field: path.join('.'), location: this.deployment.at(path), reason });
  }
  carry(path: readonly PropertyKey[], to: string, value: unknown): void {
    this.settings[to] = value;
    this.carried.push({ field: path.join('.'), to });
  }
  /** True (and reported) when the value holds a template Prefect resolves at deploy time. */
  deployTimeTemplate(value: unknown, path: readonly PropertyKey[]): boolean {
    const found = templatesInValue(value, path).filter((each) => each.use.kind !== 'runtime');
    if (found.length === 0) return false;
    for (const { path: at, use } of found)
      this.drop(at, `${use.token} is ${TEMPLATE_REASONS[use.kind]}; write the value it stands for`);
    return true;
  }
}

function schedulesOf(importer: Importer): void {
  const { fields } = importer.deployment;
  let list: unknown = fields.schedules;
  let key = 'schedules';
  if (fields.schedule !== undefined && fields.schedule !== null) {
    if (fields.schedules !== undefined) {
      importer.drop(
        ['schedule'],
        '`schedule` and `schedules` are both set (prefect deploy refuses this deployment); `schedules` was taken',
      );
    } else {
      list = isMapping(fields.schedule) ? [fields.schedule] : [];
      key = 'schedule';
    }
  }
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) {
    importer.drop([key], 'not a list of schedules');
    return;
  }
  const schedules: Record<string, unknown>[] = [];
  list.forEach((item, index) => {
    const path = key === 'schedule' ? ['schedule'] : ['schedules', index];
    if (!isMapping(item)) return importer.drop(path, 'not a schedule mapping');
    if (importer.deployTimeTemplate(item, path)) return;
    const schedule: Record<string, unknown> = {};
    if (typeof item.cron === 'string') {
      schedule.cron = item.cron;
      if (typeof item.day_or === 'boolean') schedule.day_or = item.day_or;
    } else if (item.interval !== undefined && item.interval !== null) {
      const seconds = intervalSeconds(item.interval);
      if (seconds === null)
        return importer.drop(
          [...path, 'interval'],
          `"${String(item.interval)}" is not an interval this import reads; write seconds`,
        );
      schedule.interval = seconds;
      if (item.anchor_date !== undefined && item.anchor_date !== null)
        schedule.anchor_date = String(item.anchor_date);
    } else if (typeof item.rrule === 'string') {
      try {
        // Prefect also takes a JSON object {"rrule": ..., "timezone": ...} here.
        const json = JSON.parse(item.rrule) as Record<string, unknown>;
        schedule.rrule = json.rrule;
        if (typeof json.timezone === 'string' && item.timezone === undefined)
          schedule.timezone = json.timezone;
      } catch {
        schedule.rrule = item.rrule;
      }
    } else {
      return importer.drop(path, 'a schedule needs one of cron, interval or rrule');
    }
    if (typeof item.timezone === 'string') schedule.timezone = item.timezone;
    if (typeof item.active === 'boolean') schedule.active = item.active;
    if (isMapping(item.parameters) && Object.keys(item.parameters).length > 0)
      schedule.parameters = item.parameters;
    if (typeof item.slug === 'string' && item.slug !== '') schedule.slug = item.slug;
    if (item.replaces !== undefined)
      importer.drop(
        [...path, 'replaces'],
        '`replaces` renames a schedule of the old deployment; the new deployments start with their own',
      );
    schedules.push(schedule);
  });
  importer.carry([key], 'schedules', schedules);
}

function concurrencyOf(importer: Importer): void {
  const value = importer.deployment.fields.concurrency_limit;
  if (value === undefined || value === null) return;
  if (typeof value === 'number') return importer.carry(['concurrency_limit'], 'concurrency_limit', value);
  if (!isMapping(value))
    return importer.drop(
      ['concurrency_limit'],
      'neither a number nor {limit, collision_strategy, grace_period_seconds}',
    );
  if (typeof value.limit === 'number')
    importer.carry(['concurrency_limit', 'limit'], 'concurrency_limit', value.limit);
  if (typeof value.collision_strategy === 'string') {
    const options: Record<string, unknown> = { collision_strategy: value.collision_strategy };
    if (typeof value.grace_period_seconds === 'number')
      options.grace_period_seconds = value.grace_period_seconds;
    importer.carry(['concurrency_limit', 'collision_strategy'], 'concurrency_options', options);
  }
}

function envOf(importer: Importer, env: unknown, path: PropertyKey[]): void {
  if (!isMapping(env)) return importer.drop(path, 'not a mapping of environment variables');
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if ((RESERVED_ENV_VARS as readonly string[]).includes(name)) {
      importer.drop(
        [...path, name],
        `${name} is set by the deployer for every deployment (the new deployment's name)`,
      );
      continue;
    }
    if (value === null || isMapping(value) || Array.isArray(value)) {
      importer.drop([...path, name], 'not a text value; environment variables are text');
      continue;
    }
    const converted = envTemplateToConfig(String(value));
    if (converted === null) {
      importer.deployTimeTemplate(value, [...path, name]);
      continue;
    }
    result[name] = converted;
  }
  if (Object.keys(result).length > 0) importer.carry(path, 'env', result);
}

function workPoolOf(importer: Importer): void {
  const pool = importer.deployment.fields.work_pool;
  if (pool === undefined || pool === null) return;
  if (!isMapping(pool)) return importer.drop(['work_pool'], 'not a mapping');
  if (typeof pool.name === 'string' && !importer.deployTimeTemplate(pool.name, ['work_pool', 'name']))
    importer.carry(['work_pool', 'name'], 'work_pool', pool.name);
  if (
    typeof pool.work_queue_name === 'string' &&
    !importer.deployTimeTemplate(pool.work_queue_name, ['work_pool', 'work_queue_name'])
  )
    importer.carry(['work_pool', 'work_queue_name'], 'work_queue', pool.work_queue_name);
  if (!isMapping(pool.job_variables)) return;
  const rest: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(pool.job_variables)) {
    const path = ['work_pool', 'job_variables', name];
    if (name === 'env') {
      envOf(importer, value, path);
    } else if (name === 'image') {
      const steps = templatesInValue(value).filter((each) => each.use.kind === 'step');
      if (steps.length > 0) {
        importer.drop(
          path,
          `${steps[0]!.use.token} is the image a build step made while \`prefect deploy\` ran; the image input comes from the container job (container.yml builds it, deploy.yml passes it as \`image\`)`,
        );
      } else if (typeof value === 'string' && !importer.deployTimeTemplate(value, path)) {
        importer.carry(path, 'image', value);
      }
    } else if (!importer.deployTimeTemplate(value, path)) {
      rest[name] = value;
    }
  }
  if (Object.keys(rest).length > 0) importer.carry(['work_pool', 'job_variables'], 'job_variables', rest);
}

/** Pull steps run on the worker, which resolves their templates then; build/push outputs are gone by then. */
function pullOf(importer: Importer): void {
  const { pull, build, push, folder } = importer.deployment;
  if (pull === null) {
    importer.dropped.push({
      field: 'pull',
      location: importer.deployment.at([]),
      reason: `no pull steps: \`prefect deploy\` wrote a set_working_directory step to the folder it ran in, on the deploying machine (${folder || 'the repository root'} there); the new deployments get none, so the worker runs them in its own working directory. Set \`working_directory\` (the image's WORKDIR) if the code lives elsewhere`,
    });
    return;
  }
  const stepIds = new Set(
    [...(build?.steps ?? []), ...(push?.steps ?? [])]
      .flatMap((step) => Object.values(step).map((args) => (isMapping(args) ? args.id : undefined)))
      .filter((id): id is string => typeof id === 'string'),
  );
  const usesBuildOutput = templatesInValue(pull.steps).find(
    (each) => each.use.kind === 'step' && stepIds.has(each.use.name.split('.')[0]!),
  );
  if (usesBuildOutput) {
    importer.dropped.push({
      field: 'pull',
      location: importer.deployment.fileAt(pull.path),
      reason: `${usesBuildOutput.use.token} is the output of a build or push step, which only exists while \`prefect deploy\` runs; write the pull steps with the value it stands for`,
    });
    return;
  }
  const only = pull.steps.length === 1 ? pull.steps[0]! : null;
  const args = only ? only[SET_WORKING_DIRECTORY] : undefined;
  const plainDirectory =
    only !== null &&
    Object.keys(only).length === 1 &&
    isMapping(args) &&
    Object.keys(args).length === 1 &&
    typeof args.directory === 'string' &&
    !/[{}]/.test(args.directory);
  if (plainDirectory) {
    importer.settings.working_directory = (args as { directory: string }).directory;
    importer.carried.push({ field: 'pull', to: 'working_directory' });
    return;
  }
  importer.settings.pull_steps = pull.steps as ActionStep[];
  importer.carried.push({ field: 'pull', to: 'pull_steps' });
}

function actionsOf(importer: Importer): void {
  for (const key of ['build', 'push'] as const) {
    const section = importer.deployment[key];
    if (!section || section.steps.length === 0) continue;
    importer.dropped.push({
      field: key,
      location: importer.deployment.fileAt(section.path),
      reason: `${key} steps run on the machine that runs \`prefect deploy\`; the container workflow (container.yml) builds and pushes the image now, and deploy passes it on as \`image\``,
    });
  }
}

export function importDeploymentSettings(deployment: PrefectYamlDeployment): DeploymentImport {
  const importer = new Importer(deployment);
  const { fields } = deployment;
  for (const key of Object.keys(fields)) {
    if (HANDLED_ELSEWHERE.has(key)) continue;
    const value = fields[key];
    switch (key) {
      case 'description':
        if (typeof value === 'string' && !importer.deployTimeTemplate(value, [key]))
          importer.carry([key], 'description', value);
        break;
      case 'tags': {
        if (!Array.isArray(value)) {
          if (value !== null)
            importer.drop(
              [key],
              'a templated tag list is resolved by `prefect deploy`; write the tags as a list',
            );
          break;
        }
        const tags = value.filter((tag, index): tag is string => {
          if (typeof tag !== 'string') return false;
          if (importer.deployTimeTemplate(tag, [key, index])) return false;
          const reserved = RESERVED_TAG_KEYS.find((name) => tag.startsWith(`${name}=`));
          if (reserved)
            importer.drop(
              [key, index],
              `tags starting "${reserved}=" are the version tags the deployer writes`,
            );
          return !reserved;
        });
        if (tags.length > 0) importer.carry([key], 'tags', tags);
        break;
      }
      case 'parameters': {
        if (!isMapping(value)) break;
        const parameters: Record<string, unknown> = {};
        for (const [name, item] of Object.entries(value))
          if (!importer.deployTimeTemplate(item, [key, name])) parameters[name] = item;
        if (Object.keys(parameters).length > 0) importer.carry([key], 'parameters', parameters);
        break;
      }
      case 'paused':
      case 'enforce_parameter_schema':
        if (typeof value === 'boolean') importer.carry([key], key, value);
        else if (value !== null) importer.deployTimeTemplate(value, [key]);
        break;
      case 'triggers':
        if (Array.isArray(value) && value.length > 0) importer.carry([key], 'triggers', value);
        break;
      case 'version':
      case 'version_type':
        if (value !== null)
          importer.drop(
            [key],
            'the version is written by deploy: `{branch}-{commit}`, with the COMMIT_HASH and PACKAGE_VERSION tags',
          );
        break;
      case 'flow_name':
        importer.drop(
          [key],
          '`prefect deploy` replaces it with the name of the flow the entrypoint loads; the flow is found by its entrypoint here',
        );
        break;
      case 'sla':
        if (value !== null)
          importer.drop([key], 'SLAs are not deployed by these actions; create them in Prefect');
        break;
      case 'schedule':
      case 'schedules':
      case 'concurrency_limit':
      case 'work_pool':
      case 'build':
      case 'push':
      case 'pull':
        break;
      default:
        importer.drop([key], '`prefect deploy` ignores this key too');
    }
  }
  schedulesOf(importer);
  concurrencyOf(importer);
  workPoolOf(importer);
  pullOf(importer);
  actionsOf(importer);
  return { settings: importer.settings, carried: importer.carried, dropped: importer.dropped };
}
