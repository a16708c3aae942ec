// The shape of `.acme-portal.yml`: every key, its type, its default and what it does. The
// configuration reference (docs/config.md) is written from the comments on these keys.
import { posix } from 'node:path';
import { z } from 'zod';
import { triggerList } from '../automations/trigger-schema.js';
import { cronProblem } from './cron-expression.js';
import { parseEnvTemplate } from './env-interpolation.js';
import { isPlaceholderName, placeholdersIn, unknownPlaceholderMessage } from './placeholders.js';
import { rruleProblem } from './rrule.js';
import { timezoneProblem } from './timezone.js';

/** An environment name is a deployment-name segment: letters, digits, `_`, `.`, single `-` inside. */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+)*$/;
export const ENVIRONMENT_NAME_RULE = 'letters, digits, "_", "." and single "-" between them';
const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Set by the deployer for every deployment; the config cannot override it. */
export const RESERVED_ENV_VARS = ['DEPLOYMENT_NAME'] as const;
/** The version tags the deployer writes (`KEY=value`); promote reads them back. */
export const RESERVED_TAG_KEYS = [
  'PROJECT_NAME',
  'BRANCH_NAME',
  'COMMIT_HASH',
  'PACKAGE_VERSION',
  'VARIANT',
] as const;
/** Characters Prefect refuses in flow and deployment names. */
const BANNED_NAME_CHARACTERS = /[/%&<>]/;

type Ctx = z.core.$RefinementCtx;

/**
 * A problem found by a value rule. `needle` narrows the location to a part of the value;
 * `atKey` points at the key instead (for keys that should not be there).
 */
function report(
  ctx: Ctx,
  message: string,
  options: { path?: PropertyKey[]; needle?: string; atKey?: boolean } = {},
): void {
  ctx.addIssue({
    code: 'custom',
    message,
    ...(options.path ? { path: options.path } : {}),
    params: {
      ...(options.needle ? { needle: options.needle } : {}),
      ...(options.atKey ? { target: 'key' } : {}),
    },
  });
}

function rule(problemOf: (value: string) => string | null) {
  return (value: string, ctx: Ctx) => {
    const problem = problemOf(value);
    if (problem) report(ctx, problem);
  };
}

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fields that take `{branch}`-style placeholders: unknown names are refused where they are written. */
function checkPlaceholders(value: string, ctx: Ctx, path: PropertyKey[] = []): void {
  for (const use of placeholdersIn(value)) {
    if (!isPlaceholderName(use.name))
      report(ctx, unknownPlaceholderMessage(use.token), { path, needle: use.token });
  }
}

const templated = z
  .string()
  .min(1)
  .superRefine((value, ctx) => checkPlaceholders(value, ctx));

export const parameters = z.record(z.string(), z.unknown());

export const cronExpression = z.string().superRefine(rule(cronProblem));

const schedule = z
  .strictObject({
    /**
     * A cron expression of 5 fields (minute hour day-of-month month day-of-week), or one of
     * `@hourly`, `@daily`, `@midnight`, `@weekly`, `@monthly`, `@yearly`, `@annually`. Prefect's
     * croniter syntax: names (`mon`, `jan`), ranges, steps, `?`, `L` (last day of the month),
     * `L5` (last Friday), `5#3` (third Friday). Not accepted: seconds or year fields, `H`/`R`, `W`.
     * Quote it in YAML when it starts with `*`.
     */
    cron: cronExpression.optional(),
    /** Seconds between runs, a positive number (`3600` = hourly). Prefect stores it as a float. */
    interval: z.number().positive().optional(),
    /**
     * An iCalendar recurrence rule, e.g. `FREQ=WEEKLY;BYDAY=MO,WE`; a `DTSTART:` line and
     * `RRULE:`/`RDATE:`/`EXDATE:` lines may be given on separate lines (YAML `|` block).
     */
    rrule: z.string().superRefine(rule(rruleProblem)).optional(),
    /** IANA timezone the schedule is read in (`America/New_York`). Default: none (Prefect uses UTC). */
    timezone: z.string().superRefine(rule(timezoneProblem)).nullable().optional(),
    /** Cron only. When both day fields are set, run when either matches (true) or both (false). Default: true. */
    day_or: z.boolean().optional(),
    /**
     * Interval only. ISO-8601 date-time the intervals count from, e.g. `2025-01-01T06:00:00Z`.
     * Without an offset it is read in `timezone`. Default: chosen by Prefect when created.
     */
    anchor_date: z
      .string()
      .superRefine(
        rule((value) =>
          /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value) &&
          !Number.isNaN(Date.parse(value.replace(' ', 'T')))
            ? null
            : `"${value}" is not an ISO-8601 date-time like 2025-01-01T06:00:00Z`,
        ),
      )
      .optional(),
    /** Whether the schedule creates runs. Default: true. */
    active: z.boolean().optional(),
    /** Parameters for runs of this schedule, over the deployment's. Needs Prefect 3.2+. Default: none. */
    parameters: parameters.optional(),
    /** Stable name of the schedule within the deployment, so re-deploys update it in place. Default: its position. */
    slug: z.string().min(1).optional(),
    /** How many future runs Prefect keeps scheduled, 1 to 50. Default: the server's setting. */
    max_scheduled_runs: z.int().min(1).max(50).optional(),
  })
  .superRefine(
    (item, ctx) => {
      const kinds = (['cron', 'interval', 'rrule'] as const).filter((kind) => item[kind] !== undefined);
      if (kinds.length !== 1) {
        report(
          ctx,
          kinds.length === 0
            ? 'a schedule needs one of `cron`, `interval` (seconds) or `rrule`'
            : `a schedule takes exactly one of \`cron\`, \`interval\` or \`rrule\`, not ${kinds.map((kind) => `\`${kind}\``).join(' and ')}; write one schedule item each`,
        );
      }
      if (item.day_or !== undefined && item.cron === undefined) {
        report(ctx, '`day_or` applies to cron schedules only', { path: ['day_or'], atKey: true });
      }
      if (item.anchor_date !== undefined && item.interval === undefined) {
        report(ctx, '`anchor_date` applies to interval schedules only', {
          path: ['anchor_date'],
          atKey: true,
        });
      }
    },
    { when: () => true },
  );

const schedules = z.array(schedule).superRefine((items, ctx) => {
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    if (item.slug === undefined) continue;
    if (seen.has(item.slug))
      report(ctx, `slug "${item.slug}" is used twice in this list; slugs must be unique`, {
        path: [index, 'slug'],
      });
    seen.add(item.slug);
  }
});

const envVarName = z.string().superRefine((name, ctx) => {
  if (!ENV_VAR_NAME.test(name)) {
    report(
      ctx,
      `"${name}" is not an environment variable name; use letters, digits and _ (not starting with a digit)`,
    );
  } else if ((RESERVED_ENV_VARS as readonly string[]).includes(name)) {
    report(ctx, `${name} is set by the deployer for every deployment and cannot be configured`);
  }
});

const envValue = z
  .unknown()
  .superRefine((value, ctx) => {
    if (value === null) {
      report(ctx, 'has no value; write "" for an empty value');
    } else if (typeof value === 'string') {
      const parsed = parseEnvTemplate(value);
      if ('problem' in parsed) report(ctx, parsed.problem, { needle: parsed.token });
    } else if (typeof value !== 'number' && typeof value !== 'boolean') {
      report(
        ctx,
        `must be a string, got ${Array.isArray(value) ? 'a list' : 'a mapping'}; environment variables are text`,
      );
    }
  })
  .transform((value) => String(value));

export const jobVariables = z.record(z.string(), z.unknown()).superRefine((variables, ctx) => {
  if ('env' in variables) {
    report(ctx, '`job_variables.env` is built from `env`; move these variables to `env` (same level)', {
      path: ['env'],
      atKey: true,
    });
  }
  if ('image' in variables)
    report(ctx, '`job_variables.image` is set from `image`; use `image`', { path: ['image'], atKey: true });
});

const pullStep = z.record(z.string(), z.unknown()).superRefine((step, ctx) => {
  const keys = Object.keys(step);
  if (keys.length !== 1) {
    report(
      ctx,
      `a pull step is a mapping with one key, the step's function (e.g. prefect.deployments.steps.git_clone); got ${keys.length} keys`,
    );
    return;
  }
  const key = keys[0]!;
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(key)) {
    report(ctx, `"${key}" is not a dotted function path like prefect.deployments.steps.git_clone`, {
      path: [key],
      atKey: true,
    });
  }
  const args = step[key];
  if (!isMapping(args)) {
    report(ctx, `the arguments of ${key} must be a mapping`, { path: [key] });
    return;
  }
  const visit = (value: unknown, path: PropertyKey[]): void => {
    if (typeof value === 'string') checkPlaceholders(value, ctx, path);
    else if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...path, index]));
    else if (isMapping(value)) for (const [name, item] of Object.entries(value)) visit(item, [...path, name]);
  };
  visit(args, [key]);
});

const tag = z
  .string()
  .min(1)
  .superRefine((text, ctx) => {
    const reserved = RESERVED_TAG_KEYS.find((key) => text.startsWith(`${key}=`));
    if (reserved)
      report(
        ctx,
        `tags starting "${reserved}=" are the version tags the deployer writes; choose another tag`,
      );
  });

/** The settings of a deployment. Every key may be given in `defaults`, per flow, per environment and per flow in an environment. */
const settingsShape = {
  /** Prefect work pool the deployment runs on (must exist on the server). Default: none; deploy needs one (or the `work-pool` input). */
  work_pool: z.string().min(1).optional(),
  /** Work queue within the pool; `null` for the pool's default queue. Created by Prefect when missing. Default: the pool's default queue. */
  work_queue: z.string().min(1).nullable().optional(),
  /**
   * Container image the flow runs in, sent as the `image` job variable. Placeholders:
   * `{project}`, `{branch}`, `{commit}`, `{short_commit}` (8 characters), `{env}`,
   * `{package_version}`; characters a tag cannot hold become `-` (`feature/x` -> `feature-x`).
   * The `image` input overrides it. `null` removes an image set at a lower level. Default: none.
   */
  image: templated.nullable().optional(),
  /**
   * Directory the code is in on the worker: sent as a `set_working_directory` pull step, and
   * entrypoints are relative to it. Takes the same placeholders as `image`. Exclusive with
   * `pull_steps` at one level; either replaces the other from a lower level. Default: none (the
   * image's working directory, Prefect's `path: "."`).
   */
  working_directory: templated.optional(),
  /**
   * Raw Prefect pull steps, e.g. `[{prefect.deployments.steps.git_clone: {repository: ..., commit_sha: "{commit}"}}]`.
   * String values take the same placeholders as `image`; Prefect's `{{ ... }}` templates pass through.
   * Exclusive with `working_directory` at one level. Default: none.
   */
  pull_steps: z.array(pullStep).optional(),
  /**
   * Tags added to the deployment, merged across levels (union, first-seen order). The version
   * tags `PROJECT_NAME=`, `BRANCH_NAME=`, `COMMIT_HASH=`, `PACKAGE_VERSION=` are reserved. Default: [].
   */
  tags: z.array(tag).optional(),
  /** Default parameters of flow runs; merged key by key across levels (a key's value is replaced whole). Default: {}. */
  parameters: parameters.optional(),
  /**
   * Work-pool job variables (e.g. `cpu`, `memory`, `cluster`); merged key by key across levels,
   * a key's value replaced whole. Use `env` and `image` instead of `job_variables.env`/`.image`. Default: {}.
   */
  job_variables: jobVariables.optional(),
  /**
   * Environment variables of flow runs (sent as `job_variables.env`), merged key by key across
   * levels; the `env-vars` input and `env-vars-command` output are laid over them. Numbers and
   * booleans become text. `${NAME}` is read from the runner's environment (the step's `env:`),
   * its value masked in logs; `$${` is a literal `${`. `DEPLOYMENT_NAME` is reserved. Default: {}.
   */
  env: z.record(envVarName, envValue).optional(),
  /** Schedules of the deployment. A list given at a higher level replaces the whole list; `[]` removes them. Default: []. */
  schedules: schedules.nullable().optional(),
  /**
   * Automations that run the deployment (see docs/triggers.md): each item is Prefect's own trigger
   * (`type: event | compound | sequence | metric`, as in prefect.yaml) or `after: <flow>` (a run
   * when that flow's deployment completes). `{deployment:<flow>}` in a trigger's text stands for
   * that flow's deployment in the same environment. A list given at a higher level replaces the
   * whole list; `[]` removes them. Default: [].
   */
  triggers: triggerList.nullable().optional(),
  /** Create the deployment paused (no scheduled runs). Default: false. */
  paused: z.boolean().optional(),
  /** Maximum concurrent runs of the deployment, a positive integer; `null` for no limit. Default: no limit. */
  concurrency_limit: z.int().positive().nullable().optional(),
  /** What happens to a run over `concurrency_limit`. Needs Prefect 3.0.3+. `null` for Prefect's default. Default: Prefect's (ENQUEUE). */
  concurrency_options: z
    .strictObject({
      /** `ENQUEUE` waits for a slot; `CANCEL_NEW` cancels the new run. */
      collision_strategy: z.enum(['ENQUEUE', 'CANCEL_NEW']),
      /** Seconds a run may wait for a slot before it is rescheduled, 60 to 86400. Default: Prefect's. */
      grace_period_seconds: z.int().min(60).max(86400).optional(),
    })
    .nullable()
    .optional(),
  /** Refuse runs whose parameters do not match the flow's signature. Default: true. */
  enforce_parameter_schema: z.boolean().optional(),
};

/** Settings objects: working_directory and pull_steps are two ways to say one thing. */
function oneCodeLocation(value: { working_directory?: unknown; pull_steps?: unknown }, ctx: Ctx): void {
  if (value.working_directory !== undefined && value.pull_steps !== undefined) {
    report(
      ctx,
      '`working_directory` and `pull_steps` are both set; keep one (working_directory is a set_working_directory pull step)',
      {
        path: ['pull_steps'],
        atKey: true,
      },
    );
  }
}

const always = { when: () => true };

export const settingsSchema = z.strictObject(settingsShape).superRefine(oneCodeLocation, always);

export const flowName = z.string().superRefine((name, ctx) => {
  if (name.includes('-')) {
    report(ctx, `flow names are normalised (hyphens become underscores): write "${name.replace(/-/g, '_')}"`);
  } else if (name === '' || BANNED_NAME_CHARACTERS.test(name)) {
    report(ctx, `"${name}" cannot be a Prefect flow name (empty, or holds / % & < >)`);
  }
});

const flowOnlyShape = {
  /** Description shown in Prefect. Default: the flow's `description=` or docstring. */
  description: z.string().nullable().optional(),
  ...settingsShape,
};

/** A variant name is a deployment-name segment, written as it will appear in the name. */
const variantName = z.string().superRefine((name, ctx) => {
  if (!ENVIRONMENT_NAME.test(name))
    report(ctx, `"${name}" is not a valid variant name; use ${ENVIRONMENT_NAME_RULE}`);
});

export const variantSettingsSchema = z.strictObject(flowOnlyShape).superRefine(oneCodeLocation, always);

export const flowSettingsSchema = z
  .strictObject({
    ...flowOnlyShape,
    /**
     * Several deployments of this flow: one per variant (`eu: {parameters: {region: eu}}`), each
     * taking any setting a flow takes, laid over the flow's own. Under `environments.<env>.deployments`
     * it refines the variants named at the top level. Default: none (one deployment of the flow).
     */
    variants: z.record(variantName, variantSettingsSchema.nullable()).nullable().optional(),
  })
  .superRefine(oneCodeLocation, always);

const environmentName = z.string().superRefine((name, ctx) => {
  if (!ENVIRONMENT_NAME.test(name))
    report(ctx, `"${name}" is not a valid environment name; use ${ENVIRONMENT_NAME_RULE}`);
});

/** Names a runner environment variable; a value that is not a name is likely the secret itself. */
const secretVariableName = z.string().superRefine((name, ctx) => {
  if (ENV_VAR_NAME.test(name)) return;
  report(
    ctx,
    `is not an environment variable name (the value is not repeated here in case it is a secret): write the name of the runner variable that holds the secret (e.g. PREFECT_API_KEY_PROD, set from \`secrets\` in the step's \`env:\`), never the secret itself`,
  );
});

const literalSecret = (key: string, instead: string) =>
  z
    .unknown()
    .superRefine((_value, ctx) =>
      report(
        ctx,
        `\`${key}\` would put a secret in the file; write \`${instead}\` with the name of the runner environment variable that holds it`,
        { atKey: true },
      ),
    );

/** Where an environment lives: a Prefect server or Cloud workspace of its own. No secrets, only names of variables. */
export const environmentPrefectSchema = z.strictObject({
  /**
   * The Prefect API URL of this environment (`https://api.prefect.cloud/api/accounts/…/workspaces/…`
   * or `http://host:4200/api`). `${NAME}` reads a runner environment variable.
   */
  api_url: z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      const parsed = parseEnvTemplate(value);
      if ('problem' in parsed) report(ctx, parsed.problem, { needle: parsed.token });
    }),
  /** Name of the runner environment variable holding the Prefect Cloud API key. */
  api_key_env: secretVariableName.optional(),
  /** Name of the runner environment variable holding the self-hosted basic-auth string `user:password`. */
  auth_string_env: secretVariableName.optional(),
  /** Name of the runner environment variable holding a JSON object of extra HTTP headers. */
  custom_headers_env: secretVariableName.optional(),
  api_key: literalSecret('api_key', 'api_key_env').optional(),
  auth_string: literalSecret('auth_string', 'auth_string_env').optional(),
  custom_headers: literalSecret('custom_headers', 'custom_headers_env').optional(),
});
export type EnvironmentPrefectLayer = z.output<typeof environmentPrefectSchema>;

export const environmentSchema = z
  .strictObject({
    ...settingsShape,
    /** Where this environment's Prefect lives (see "Environments on their own servers"). Default: the action's connection. */
    prefect: environmentPrefectSchema.optional(),
    /** Per-flow settings in this environment, over everything else. */
    deployments: z.record(flowName, flowSettingsSchema.nullable()).nullable().optional(),
  })
  .superRefine(oneCodeLocation, always);

export const configFileSchema = z.strictObject({
  /** Project name, the first part of deployment names. Default: the repository name. The `project-name` input overrides it. */
  project: z.string().min(1).optional(),
  /** Where flows are looked for. */
  flows: z
    .strictObject({
      /** Folder scanned for flows, relative to the repository root. Default: `.`. */
      root: z
        .string()
        .min(1)
        .superRefine(
          rule((root) =>
            posix.isAbsolute(root) || posix.normalize(root).startsWith('..')
              ? `"${root}" must be a folder inside the repository, relative to its root`
              : null,
          ),
        )
        .optional(),
      /** Glob patterns (relative to `root`, .gitignore syntax) of files and folders to skip. Default: []. */
      exclude: z.array(z.string().min(1)).optional(),
    })
    .nullable()
    .optional(),
  /** Settings of every deployment in every environment (the lowest level). */
  defaults: settingsSchema.nullable().optional(),
  /** Settings per flow, keyed by the normalised flow name (`hello_world`): any `defaults` key, plus `description`. */
  deployments: z.record(flowName, flowSettingsSchema.nullable()).nullable().optional(),
  /**
   * The environments in promotion order (first: where deploy goes, then promote's targets). Each
   * takes any `defaults` key, plus `deployments` with per-flow settings in that environment.
   * When given, only these environment names are accepted. Default: any valid name, no order.
   */
  environments: z.record(environmentName, environmentSchema.nullable()).nullable().optional(),
});

export type ScheduleItem = z.output<typeof schedule>;
export type SettingsLayer = z.output<typeof settingsSchema>;
export type FlowSettingsLayer = z.output<typeof flowSettingsSchema>;
export type EnvironmentLayer = z.output<typeof environmentSchema>;
export type ConfigFile = z.output<typeof configFileSchema>;
export type ConcurrencyOptions = NonNullable<SettingsLayer['concurrency_options']>;
export type PullStep = Record<string, unknown>;

/** Keys a settings level may hold (those of `defaults`). */
export const SETTING_KEYS = Object.keys(settingsShape) as (keyof typeof settingsShape)[];
export type SettingKey = (typeof SETTING_KEYS)[number] | 'description';
