// The flow names the configuration mentions and where, so a caller that knows the repository's
// flows can warn about settings that match none (a typo silently configures nothing).
import type { SourceLocation } from '../errors/portal-error.js';
import { closestNames } from '../naming/closest-names.js';
import { formatLocation } from '../errors/portal-error.js';
import { layerLabel, locateLayer, type LayerRef, type PortalConfig } from './portal-config.js';

export interface FlowReference {
  flow: string;
  /** Null for the top-level `deployments`. */
  environment: string | null;
  /** `deployments.hello_world` (or the legacy file's top-level key). */
  path: string;
  location?: SourceLocation;
}

export function flowReferences(config: PortalConfig): FlowReference[] {
  const reference = (flow: string, environment: string | null, layer: LayerRef): FlowReference => {
    const location = locateLayer(config, layer);
    return { flow, environment, path: layerLabel(config, layer), ...(location ? { location } : {}) };
  };
  return [
    ...Object.keys(config.deployments).map((flow) => reference(flow, null, { level: 'flow', flow })),
    ...config.environments.flatMap((environment) =>
      Object.keys(environment.deployments).map((flow) =>
        reference(flow, environment.name, { level: 'environment-flow', env: environment.name, flow }),
      ),
    ),
  ];
}

export interface UnmatchedFlow extends FlowReference {
  suggestion: string | null;
  /** `deployments.hello_wrld in .acme-portal.yml:12 matches no flow; did you mean hello_world?` */
  message: string;
}

/** References to flows not among `flowNames` (normalised names found in the repository). */
export function unmatchedFlows(config: PortalConfig, flowNames: readonly string[]): UnmatchedFlow[] {
  const known = new Set(flowNames);
  return flowReferences(config)
    .filter((reference) => !known.has(reference.flow))
    .map((reference) => {
      const suggestion = closestNames(reference.flow, flowNames, 1)[0] ?? null;
      const where = reference.location
        ? ` in ${formatLocation({ ...reference.location, column: undefined })}`
        : '';
      return {
        ...reference,
        suggestion,
        message: `${reference.path}${where} matches no flow${suggestion ? `; did you mean ${suggestion}?` : ''}`,
      };
    });
}
