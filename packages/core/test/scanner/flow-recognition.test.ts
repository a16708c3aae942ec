// Which functions the scanner reports as Prefect flows: one snippet per row (recognition-rows.ts).
import { describe, expect, it } from '@jest/globals';
import { scan } from './python-snippet.js';
import { NOT_RECOGNISED, RECOGNISED } from './recognition-rows.js';

function foundFlows(source: string, pruneBodies = true): string[] {
  return scan(source, { pruneBodies }).flows.map(
    (flow) =>
      `${flow.child_attributes.obj_name}@${flow.line_number}${flow.is_async ? ' async' : ''}${flow.deployable ? '' : ' nested'}`,
  );
}

describe('recognising Prefect flows', () => {
  it.each(RECOGNISED)('finds: $title', ({ source, flows }) => {
    expect(foundFlows(source)).toEqual(flows);
  });

  it.each(NOT_RECOGNISED)('ignores: $title', ({ source, flows }) => {
    expect(foundFlows(source)).toEqual(flows);
  });
});
