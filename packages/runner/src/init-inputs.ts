// The inputs of `acme-portal init` (a command of the CLI alone: no action writes files into the
// repository), validated like an action's so its flags read and fail the same way.
import { ENVIRONMENT_NAME } from '@portal-actions/core';
import { z } from 'zod';
import { booleanInput, parseInputs, type InputNaming } from './action-inputs.js';
import { parseInputList } from './input-list.js';
import { connectionInputFields } from './prefect-connection.js';

const environmentList = z
  .string()
  .transform(parseInputList)
  .superRefine((names, ctx) => {
    for (const name of names)
      if (!ENVIRONMENT_NAME.test(name))
        ctx.addIssue({
          code: 'custom',
          message: `"${name}" is not a valid environment name (letters, digits, "_", "." and single "-")`,
        });
    if (new Set(names).size !== names.length)
      ctx.addIssue({ code: 'custom', message: 'names an environment twice' });
    if (names.length === 1)
      ctx.addIssue({
        code: 'custom',
        message:
          'names one environment; name at least two (the first is deployed to, the others promoted to)',
      });
  });

const schema = z.object({
  from: z.string().transform(parseInputList),
  envs: environmentList,
  'work-pool': z.string().trim(),
  workflows: z.string().transform(parseInputList),
  branch: z.string().trim().min(1),
  force: booleanInput,
  'dry-run': booleanInput,
  ...connectionInputFields,
});

export type InitInputs = z.output<typeof schema>;

export function parseInitInputs(raw: Record<string, string>, naming?: InputNaming): InitInputs {
  return parseInputs(schema, raw, naming);
}
