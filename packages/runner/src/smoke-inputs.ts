// The smoke-run inputs deploy and promote share: which flows to run once after writing, their
// parameters, and how long to wait; parsed once with zod like every other input.
import { InputError, normaliseFlowName } from '@portal-actions/core';
import { z } from 'zod';
import { parseInputList } from './input-list.js';

export const SMOKE_INPUT_NAMES = ['smoke-flows', 'smoke-parameters', 'smoke-timeout'] as const;

/** `all`, flow names, or none (an empty input). */
export type SmokeSelection = 'all' | 'none' | string[];

export function parseSmokeSelection(text: string): SmokeSelection {
  const items = parseInputList(text);
  if (items.length === 0) return 'none';
  if (items.length === 1 && items[0]!.toLowerCase() === 'all') return 'all';
  return items.map(normaliseFlowName);
}

const parameterObjects = z.record(z.string(), z.record(z.string(), z.unknown()));

/** `{"hello_world": {"name": "smoke"}}`: per flow, parameters laid over the deployment's defaults. */
export const smokeParametersInput = z.string().transform((text, context) => {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    context.addIssue({ code: 'custom', message: `is not JSON (${(error as Error).message})` });
    return z.NEVER;
  }
  const checked = parameterObjects.safeParse(parsed);
  if (!checked.success) {
    context.addIssue({
      code: 'custom',
      message:
        'must be a JSON object of flow name to a parameters object, e.g. {"hello_world": {"name": "smoke"}}',
    });
    return z.NEVER;
  }
  return Object.fromEntries(
    Object.entries(checked.data).map(([flow, values]) => [normaliseFlowName(flow), values]),
  );
});

/** `10m`, `90s`, `1h`, or a bare number of minutes; 1 second to 6 hours (a job's own limit). */
export const smokeTimeoutInput = z
  .string()
  .trim()
  .transform((text, context) => {
    const match = /^(\d+(?:\.\d+)?)\s*(s|m|h|min)?$/i.exec(text || '10m');
    const unit = match?.[2]?.toLowerCase() ?? 'm';
    const ms = match ? Number(match[1]) * (unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : 60_000) : NaN;
    if (!(ms >= 1000 && ms <= 6 * 3_600_000)) {
      context.addIssue({
        code: 'custom',
        message: 'must be a duration such as `10m`, `90s` or `1h` (1 s to 6 h)',
      });
      return z.NEVER;
    }
    return ms;
  });

export const smokeInputFields = {
  'smoke-flows': z.string().transform(parseSmokeSelection),
  'smoke-parameters': smokeParametersInput,
  'smoke-timeout': smokeTimeoutInput,
};

export interface SmokeInputs {
  'smoke-flows': SmokeSelection;
  'smoke-parameters': Record<string, Record<string, unknown>>;
  'smoke-timeout': number;
}

/** Parameters given for a flow that is not smoke-run are a mistake worth stopping for. */
export function checkSmokeParameters(inputs: SmokeInputs): void {
  const selection = inputs['smoke-flows'];
  const named = Object.keys(inputs['smoke-parameters']);
  const stray =
    selection === 'all' ? [] : named.filter((flow) => selection === 'none' || !selection.includes(flow));
  if (stray.length > 0) {
    throw new InputError(
      `smoke-parameters names ${stray.map((flow) => `"${flow}"`).join(', ')}, which smoke-flows does not run.`,
      { hint: 'Add the flow to `smoke-flows`, or remove its parameters.' },
    );
  }
}
