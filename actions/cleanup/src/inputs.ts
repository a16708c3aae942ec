// The cleanup inputs, read once and validated into one typed object.
import {
  booleanInput,
  CONNECTION_INPUT_NAMES,
  connectionInputFields,
  integerInput,
  parseInputList,
  parseInputs,
  type InputNaming,
  readRawInputs,
} from '@portal-actions/runner';
import { z } from 'zod';

const NAMES = [
  'branch',
  'deployments',
  'envs',
  'stale-branches',
  'keep-branches',
  'project-name',
  'config',
  'max-deletes',
  'dry-run',
  'github-token',
  ...CONNECTION_INPUT_NAMES,
] as const;

const text = z.string().trim();
const list = z.string().transform(parseInputList);

const schema = z
  .object({
    branch: list,
    deployments: list,
    envs: z.string().transform((value) => {
      const items = parseInputList(value);
      return items.length === 0 || (items.length === 1 && items[0]!.toLowerCase() === 'all')
        ? ('all' as const)
        : items;
    }),
    'stale-branches': booleanInput,
    'keep-branches': list,
    'project-name': text,
    config: text,
    'max-deletes': integerInput(0, 100_000, 50),
    'dry-run': booleanInput,
    'github-token': text,
    ...connectionInputFields,
  })
  // Exactly one way of choosing what to delete: a sweep that also took names would be two cleanups.
  .refine(
    (inputs) =>
      [inputs['stale-branches'], inputs.branch.length > 0, inputs.deployments.length > 0].filter(Boolean)
        .length === 1,
    {
      path: ['branch'],
      message:
        'names the branches whose deployments to delete; give it, or `stale-branches: true`, or `deployments` (flow/name pairs outside acme-portal naming), exactly one of the three',
    },
  );

export type CleanupInputs = z.output<typeof schema>;

/** Validates raw strings from any source: the runner's inputs, or the CLI's flags. */
export function parseCleanupInputs(raw: Record<string, string>, naming?: InputNaming): CleanupInputs {
  return parseInputs(schema, raw, naming);
}

export function readCleanupInputs(): CleanupInputs {
  return parseCleanupInputs(readRawInputs(NAMES));
}
