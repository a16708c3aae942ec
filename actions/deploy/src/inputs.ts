// The deploy inputs, read once and validated into one typed object.
import {
  booleanInput,
  CONNECTION_INPUT_NAMES,
  connectionInputFields,
  integerInput,
  parseFlowSelection,
  parseInputs,
  type InputNaming,
  readRawInputs,
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
] as const;

const text = z.string().trim();

const schema = z.object({
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
});

export type DeployInputs = z.output<typeof schema>;

/** Validates raw strings from any source: the runner's inputs, or the CLI's flags. */
export function parseDeployInputs(raw: Record<string, string>, naming?: InputNaming): DeployInputs {
  return parseInputs(schema, raw, naming);
}

export function readDeployInputs(): DeployInputs {
  return parseDeployInputs(readRawInputs(NAMES));
}
