// Parameters a config gives that the flow cannot take: a name its signature lacks (unless it has
// **kwargs), or a value of another JSON type than its schema says. Prefect accepts both; every run fails.
import { ConfigurationError } from '../errors/portal-error.js';
import { collected } from './collected-errors.js';
import type { Flow } from '../model/flow.js';
import { closestNames } from '../naming/closest-names.js';
import {
  configFileOf,
  layerLabel,
  locateInConfig,
  originOf,
  type LayerRef,
  type PortalConfig,
} from './portal-config.js';
import { layersFor } from './resolve-settings.js';
import { flowVariants } from './variants.js';

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';

/** Every such mistake of `flows` deployed to `env`, at every level, schedules' own parameters included. */
export function parameterMistakes(
  config: PortalConfig,
  flows: readonly Flow[],
  env: string,
): ConfigurationError[] {
  const errors: ConfigurationError[] = [];
  for (const flow of flows) {
    for (const { layer, settings } of flowLayers(config, flow.name, env)) {
      const given: { key: 'parameters' | 'schedules'; tail: PropertyKey[]; parameters: object }[] = [];
      if (settings.parameters) given.push({ key: 'parameters', tail: [], parameters: settings.parameters });
      (settings.schedules ?? []).forEach((schedule, index) => {
        if (schedule.parameters)
          given.push({ key: 'schedules', tail: [index, 'parameters'], parameters: schedule.parameters });
      });
      for (const { key, tail, parameters } of given) {
        for (const [name, value] of Object.entries(parameters)) {
          const problem = parameterProblem(flow, name, value);
          if (problem) errors.push(located(config, layer, key, [...tail, name], problem));
        }
      }
    }
  }
  return errors;
}

/** The flow's own layers, then each variant's own (the layers variants share are checked once). */
function flowLayers(config: PortalConfig, flow: string, env: string) {
  return [
    ...layersFor(config, flow, env, 'all', undefined),
    ...flowVariants(config, flow).flatMap((variant) =>
      layersFor(config, flow, env, 'all', variant).filter(({ layer }) => layer.level.endsWith('variant')),
    ),
  ];
}

/** Throws every mistake together, so nothing is written while any flow has one. */
export function refuseParameterMistakes(config: PortalConfig, flows: readonly Flow[], env: string): void {
  // Flows the deployer refuses anyway (nested, or two sharing one name) are left to its message:
  // which of two same-named flows the config meant is not known until one is renamed.
  const count = new Map<string, number>();
  for (const flow of flows) count.set(flow.name, (count.get(flow.name) ?? 0) + 1);
  const checked = flows.filter((flow) => flow.deployable && count.get(flow.name) === 1);
  const errors = parameterMistakes(config, checked, env);
  if (errors.length > 0) throw collected(errors, configFileOf(config));
}

function parameterProblem(flow: Flow, name: string, value: unknown): string | undefined {
  const properties = flow.parameters.properties;
  const names = Object.keys(properties);
  const property = properties[name];
  if (!property) {
    if (flow.accepts_any_parameters) return undefined;
    const [closest] = closestNames(name, names, 1);
    const guess = closest ? `; did you mean "${closest}"?` : '.';
    const takes = names.length > 0 ? ` It takes ${names.join(', ')}.` : ' It takes no parameters.';
    return `${flow.name} takes no parameter "${name}"${guess}${takes}`;
  }
  const wanted = schemaTypes(property);
  if (!wanted) return undefined;
  const actual = jsonType(value);
  if (wanted.some((type) => type === actual || (type === 'number' && actual === 'integer'))) return undefined;
  return `${flow.name}'s parameter "${name}" takes ${wanted.map(article).join(' or ')}, not ${article(actual)} (${JSON.stringify(value)}).`;
}

/** The JSON types a schema property allows, when it says (type, or an anyOf of types); else undefined. */
function schemaTypes(property: Record<string, unknown>): JsonType[] | undefined {
  if (typeof property.type === 'string') return [property.type as JsonType];
  if (Array.isArray(property.anyOf)) {
    const members = property.anyOf as Record<string, unknown>[];
    const types = members.map((member) => (typeof member.type === 'string' ? member.type : undefined));
    if (types.length > 0 && types.every((type) => type !== undefined)) return types as JsonType[];
  }
  return undefined;
}

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return 'object';
}

function article(type: JsonType): string {
  switch (type) {
    case 'integer':
      return 'an integer';
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'null':
      return 'null';
    default:
      return `a ${type}`;
  }
}

function located(
  config: PortalConfig,
  layer: LayerRef,
  key: 'parameters' | 'schedules',
  tail: PropertyKey[],
  problem: string,
): ConfigurationError {
  const base = originOf(config)?.pathOf(layer, key);
  const path = base ? [...base, ...tail] : null;
  const label = (path ?? [layerLabel(config, layer), key, ...tail]).map(String).join('.');
  const location = path ? locateInConfig(config, path) : undefined;
  // The message names the flow's parameters: it says what to do.
  return new ConfigurationError(`${label}: ${problem}`, location ? { location } : {});
}
