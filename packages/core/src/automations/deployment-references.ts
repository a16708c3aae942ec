// `{deployment:<flow>}` and `{deployment:<flow>/<variant>}` in a trigger's strings stand for
// `prefect.deployment.<id>` of that flow's deployment in the same environment and branch.
import type { DeploymentTrigger } from './trigger-model.js';

const REFERENCE = /\{deployment:([^{}\s]+)\}/g;

/** A referenced deployment: the flow (normalised name) and, for a variant, its name. */
export interface DeploymentRef {
  /** As written: `extract` or `extract/eu`. */
  text: string;
  flow: string;
  variant?: string;
}

export function parseRef(text: string): DeploymentRef {
  const [flow, variant] = text.split('/', 2) as [string, string | undefined];
  return { text, flow, ...(variant !== undefined ? { variant } : {}) };
}

function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  return value;
}

/** Every deployment a trigger refers to (in its trigger, parameters and job variables), once each. */
export function referencesIn(item: DeploymentTrigger): DeploymentRef[] {
  const found = new Map<string, DeploymentRef>();
  mapStrings([item.trigger, item.parameters, item.job_variables], (text) => {
    for (const match of text.matchAll(REFERENCE)) found.set(match[1]!, parseRef(match[1]!));
    return text;
  });
  return [...found.values()];
}

/** The trigger with `map` applied to every string of its trigger, parameters and job variables. */
function mapTriggerStrings(item: DeploymentTrigger, map: (text: string) => string): DeploymentTrigger {
  return {
    ...item,
    trigger: mapStrings(item.trigger, map) as DeploymentTrigger['trigger'],
    parameters: mapStrings(item.parameters, map) as DeploymentTrigger['parameters'],
    job_variables: mapStrings(item.job_variables, map) as DeploymentTrigger['job_variables'],
  };
}

/** The trigger with each reference replaced by what `resource(ref)` gives (`prefect.deployment.<id>`). */
export function resolveReferences(
  item: DeploymentTrigger,
  resource: (ref: DeploymentRef) => string,
): DeploymentTrigger {
  return mapTriggerStrings(item, (text) =>
    text.replace(REFERENCE, (_whole, ref: string) => resource(parseRef(ref))),
  );
}

/**
 * The reverse, for reading a deployment's triggers back from its automations (promote): each
 * `prefect.deployment.<id>` of a known deployment becomes its reference again.
 */
export function restoreReferences(
  item: DeploymentTrigger,
  refOfId: (id: string) => string | undefined,
): DeploymentTrigger {
  const map = (text: string) =>
    text.replace(/prefect\.deployment\.([0-9a-f-]{36})/gi, (whole, id: string) => {
      const ref = refOfId(id.toLowerCase());
      return ref === undefined ? whole : `{deployment:${ref}}`;
    });
  return mapTriggerStrings(item, map);
}
