// The variants a flow deploys as (`deployments.<flow>.variants`): several deployments of one flow,
// each a settings layer over the flow's own.
import type { PortalConfig } from './portal-config.js';

/** The flow's variant names in the order written; empty: the flow deploys once, as today. */
export function flowVariants(config: PortalConfig, flow: string): string[] {
  return Object.keys(config.deployments[flow]?.variants ?? {});
}
