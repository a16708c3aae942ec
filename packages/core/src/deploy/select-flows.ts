// Picks the flows an action asked for: `all` or named ones, refusing an unknown name with the
// closest matches.
import { NotFoundError } from '../errors/portal-error.js';
import type { Flow } from '../model/flow.js';
import { normaliseFlowName } from '../naming/flow-name.js';
import { closestNames } from '../naming/closest-names.js';

/**
 * `all` means every deployable flow, or every flow with `includeNested` (listing, not deploying).
 * Flows in a module Python cannot import are always selected, so deploy reports them as refused
 * rather than skipping them in silence; a nested flow is simply not deployable and is skipped.
 */
export function selectFlows(
  flows: readonly Flow[],
  selection: 'all' | readonly string[],
  options: { includeNested?: boolean } = {},
): Flow[] {
  if (selection === 'all')
    return options.includeNested
      ? [...flows]
      : flows.filter((flow) => flow.deployable || flow.import_error !== undefined);
  const known = [...new Set(flows.map((flow) => flow.name))];
  const missing = selection.filter((name) => !known.includes(normaliseFlowName(name)));
  if (missing.length > 0) {
    const details = missing.map((name) => {
      const close = closestNames(name, known);
      return close.length > 0
        ? `"${name}" (did you mean ${close.map((c) => `"${c}"`).join(', ')}?)`
        : `"${name}"`;
    });
    throw new NotFoundError(`No flow named ${details.join(', ')} in the repository.`, {
      hint:
        known.length > 0
          ? `Known flows: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}.`
          : "No flows were found at all: check the `root` input and the config file's `flows` section.",
    });
  }
  const wanted = new Set(selection.map(normaliseFlowName));
  return flows.filter((flow) => wanted.has(flow.name));
}
