// Flow names and descriptions Prefect computes at import, read statically: one row per spelling
// (name-rows.ts), the same with and without body pruning.
import { describe, expect, it } from '@jest/globals';
import { scan } from './python-snippet.js';
import { NAME_ROWS } from './name-rows.js';

describe('flow names computed from constants', () => {
  it.each(NAME_ROWS)('$title', ({ source, names, description, warnings }) => {
    const result = scan(source);
    expect(result.flows.map((flow) => `${flow.child_attributes.obj_name} -> ${flow.original_name}`)).toEqual(
      names,
    );
    if (description !== undefined) expect(result.flows[0]!.description).toBe(description);
    expect(result.warnings.map((warning) => warning.message)).toEqual(warnings);
    expect(scan(source, { pruneBodies: false })).toEqual(result);
  });
});
