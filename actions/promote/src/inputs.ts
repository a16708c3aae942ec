// The promote inputs, read once and validated into one typed object.
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
  'source-env',
  'target-env',
  'flows',
  'project-name',
  'branch',
  'config',
  'env-vars',
  'env-vars-command',
  'expected-commit',
  'allow-backwards',
  'dry-run',
  'concurrency',
  'require-successful-run',
  ...SMOKE_INPUT_NAMES,
  ...GITHUB_RECORD_INPUT_NAMES,
  ...CONNECTION_INPUT_NAMES,
  'source-prefect-api-url',
  'source-prefect-api-key',
  'source-prefect-auth-string',
] as const;

const text = z.string().trim();

const schema = z.object({
  'source-env': text.min(1, 'is required: name the environment to promote from, e.g. `dev`'),
  'target-env': text.min(1, 'is required: name the environment to promote into, e.g. `prod`'),
  flows: z.string().transform(parseFlowSelection),
  'project-name': text,
  branch: text,
  config: text,
  'env-vars': z.string(),
  'env-vars-command': text,
  'expected-commit': text.regex(/^([0-9a-fA-F]{7,64})?$/, 'must be a commit SHA (7 to 64 hex digits)'),
  'allow-backwards': booleanInput,
  'dry-run': booleanInput,
  concurrency: integerInput(1, 32, 8),
  'require-successful-run': booleanInput,
  ...smokeInputFields,
  ...githubRecordInputFields,
  ...connectionInputFields,
  'source-prefect-api-url': text,
  'source-prefect-api-key': text,
  'source-prefect-auth-string': text,
});

export type PromoteInputs = z.output<typeof schema>;

/** Validates raw strings from any source: the runner's inputs, or the CLI's flags. */
export function parsePromoteInputs(raw: Record<string, string>, naming?: InputNaming): PromoteInputs {
  return parseInputs(schema, raw, naming);
}

export function readPromoteInputs(): PromoteInputs {
  return parsePromoteInputs(readRawInputs(NAMES));
}
