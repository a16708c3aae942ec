// Two flows under one normalised name would share one Prefect flow and clash in deployment
// names, so each such name gets a warning that lists every place it is defined.
import type { Flow, ScanWarning } from '../model/flow.js';

/** Flows must already be in their final order: the warning sits on the second definition. */
export function duplicateFlowWarnings(flows: readonly Flow[]): ScanWarning[] {
  const byName = new Map<string, Flow[]>();
  for (const flow of flows) {
    const same = byName.get(flow.name);
    if (same) same.push(flow);
    else byName.set(flow.name, [flow]);
  }
  const warnings: ScanWarning[] = [];
  for (const [name, same] of byName) {
    if (same.length < 2) continue;
    const places = same.map((flow) => `${flow.source_relative}:${flow.line_number}`).join(', ');
    const second = same[1]!;
    warnings.push({
      file: second.source_relative,
      line: second.line_number,
      message: `Flow name "${name}" is defined ${same.length} times (${places}); Prefect would treat them as one flow. Rename all but one with @flow(name=...).`,
    });
  }
  return warnings;
}
