// The find-flows inputs, read once and validated into one typed object.
import {
  booleanInput,
  CONNECTION_INPUT_NAMES,
  connectionInputFields,
  parseFlowSelection,
  parseInputList,
  parseInputs,
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

export function readFindFlowsInputs(): FindFlowsInputs {
  return parseInputs(schema, readRawInputs(NAMES));
}
