// The find-flows inputs, read once and validated into one typed object.
import {
  booleanInput,
  CONNECTION_INPUT_NAMES,
  connectionInputFields,
  parseFlowSelection,
  parseInputList,
  parseInputs,
  type InputNaming,
  readRawInputs,
} from '@portal-actions/runner';
import { z } from 'zod';

const NAMES = [
  'root',
  'config',
  'exclude',
  'flows',
  'with-deployments',
  'project-name',
  'branch',
  ...CONNECTION_INPUT_NAMES,
] as const;

const schema = z.object({
  root: z.string().trim(),
  config: z.string().trim(),
  exclude: z.string().transform(parseInputList),
  flows: z.string().transform(parseFlowSelection),
  'with-deployments': booleanInput,
  'project-name': z.string().trim(),
  branch: z.string().trim(),
  ...connectionInputFields,
});

export type FindFlowsInputs = z.output<typeof schema>;

/** Validates raw strings from any source: the runner's inputs, or the CLI's flags. */
export function parseFindFlowsInputs(raw: Record<string, string>, naming?: InputNaming): FindFlowsInputs {
  return parseInputs(schema, raw, naming);
}

export function readFindFlowsInputs(): FindFlowsInputs {
  return parseFindFlowsInputs(readRawInputs(NAMES));
}
