// Reads an action's inputs once and validates them with zod, turning every problem into one
// InputError that names the input, what was given and what is allowed.
import * as core from '@actions/core';
import { InputError } from '@portal-actions/core';
import { z } from 'zod';

/** The raw strings of the named inputs, exactly as the runner passes them (INPUT_* variables). */
export function readRawInputs<const Name extends string>(names: readonly Name[]): Record<Name, string> {
  const raw = {} as Record<Name, string>;
  for (const name of names) raw[name] = core.getInput(name);
  return raw;
}

export const booleanInput = z
  .string()
  .trim()
  .toLowerCase()
  .refine((value) => ['', 'true', 'false'].includes(value), { message: 'must be `true` or `false`' })
  .transform((value) => value === 'true');

export function integerInput(min: number, max: number, fallback: number) {
  return z
    .string()
    .trim()
    .transform((value, ctx) => {
      if (value === '') return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed;
    });
}

/** A JSON object of string values (custom HTTP headers). */
export const headersInput = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === '') return {} as Record<string, string>;
    try {
      const parsed: unknown = JSON.parse(value);
      const result = z.record(z.string(), z.string()).safeParse(parsed);
      if (result.success) return result.data;
    } catch {
      // reported below
    }
    ctx.addIssue({
      code: 'custom',
      message: 'must be a JSON object of strings, like {"X-Proxy-Token": "…"}',
    });
    return z.NEVER;
  });

/**
 * How a problem names the input: a step's `with:` block by default; the CLI names its flags.
 * The validation and its messages are the same wherever the raw strings came from.
 */
export interface InputNaming {
  /** `input \`env\``, or `--env` for the CLI. */
  name(input: string): string;
  /** Starts the message: `Invalid action input`. */
  title: string;
  hint: string;
}

export const ACTION_INPUT_NAMING: InputNaming = {
  name: (input) => `input \`${input}\``,
  title: 'Invalid action input',
  hint: 'Fix the `with:` block of this step.',
};

export function parseInputs<Schema extends z.ZodType>(
  schema: Schema,
  raw: Record<string, string>,
  naming: InputNaming = ACTION_INPUT_NAMING,
): z.output<Schema> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    const given = name in raw ? ` (got ${JSON.stringify(raw[name])})` : '';
    return `${naming.name(name)} ${issue.message}${given}`;
  });
  throw new InputError(`${naming.title}: ${problems.join('; ')}.`, { hint: naming.hint });
}
