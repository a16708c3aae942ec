// The deploy inputs, read once and validated into one typed object.
import {
  booleanInput,
  CONNECTION_INPUT_NAMES,
  connectionInputFields,
  GITHUB_RECORD_INPUT_NAMES,
  githubRecordInputFields,
  integerInput,
  parseFlowSelection,
  parseInputs,
  type InputNaming,
  readRawInputs,
  SMOKE_INPUT_NAMES,
  smokeInputFields,
} from '@portal-actions/runner';
import { z } from 'zod';

const NAMES = [
  'env',
  'flows',
  'config',
  'root',
  'project-name',
  'branch',
  'commit-sha',
  'image',
  'package-version',
  'env-vars',
  'env-vars-command',
  'work-pool',
  ...CONNECTION_INPUT_NAMES,
  'dry-run',
  'concurrency',
  'manifest',
  'prune',
  ...SMOKE_INPUT_NAMES,
  ...GITHUB_RECORD_INPUT_NAMES,
  'comment',
  'fail-on-drift',
] as const;

const text = z.string().trim();

const schema = z
  .object({
    env: text.min(1, 'is required: name the environment to deploy into, e.g. `dev`'),
    flows: z.string().transform(parseFlowSelection),
    config: text,
    root: text,
    'project-name': text,
    branch: text,
    'commit-sha': text.regex(/^([0-9a-fA-F]{7,64})?$/, 'must be a commit SHA (7 to 64 hex digits)'),
    image: text,
    'package-version': text,
    'env-vars': z.string(),
    'env-vars-command': text,
    'work-pool': text,
    ...connectionInputFields,
    'dry-run': booleanInput,
    concurrency: integerInput(1, 32, 8),
    manifest: text,
    prune: booleanInput,
    comment: text
      .toLowerCase()
      .transform((value) => value || 'auto')
      .pipe(z.enum(['auto', 'true', 'false'], { message: 'must be `auto`, `true` or `false`' })),
    ...smokeInputFields,
    ...githubRecordInputFields,
    'fail-on-drift': booleanInput,
  })
  // A drift check reads; with writes on, it would first repair what it means to report.
  .refine((inputs) => !inputs['fail-on-drift'] || inputs['dry-run'], {
    path: ['fail-on-drift'],
    message: 'needs `dry-run: true` (a drift check writes nothing)',
  });

export type DeployInputs = z.output<typeof schema>;

/** Validates raw strings from any source: the runner's inputs, or the CLI's flags. */
export function parseDeployInputs(raw: Record<string, string>, naming?: InputNaming): DeployInputs {
  return parseInputs(schema, raw, naming);
}

/**
 * The inputs of a step that sets only what `values` gives (`env` is `dev` unless given), the
 * schema's own defaults for the rest: what tests and benchmarks call runDeploy with.
 */
export function deployInputsWith(values: Partial<DeployInputs> = {}): DeployInputs {
  const empty = Object.fromEntries(NAMES.map((name) => [name, ''])) as Record<string, string>;
  return { ...parseDeployInputs({ ...empty, env: 'dev' }), config: '.acme-portal.yml', ...values };
}

export function readDeployInputs(): DeployInputs {
  return parseDeployInputs(readRawInputs(NAMES));
}
