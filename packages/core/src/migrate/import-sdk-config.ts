// `init --from .acme_portal_sdk/static_flow_deploy_config.yaml`: the SDK's static config (which
// deploy already reads as it is) written in the native format, with the SDK's defaults spelled
// out so nothing changes, and each flow's `triggers` copied as written.
import type { z } from 'zod';
import { AggregatePortalError, ConfigurationError } from '../errors/portal-error.js';
import { fromLegacy, LEGACY_DEFAULTS, legacyFileSchema } from '../config/legacy-format.js';
import { describeIssue } from '../config/issue-messages.js';
import { isMapping } from '../config/schema.js';
import { locate, parseYaml } from '../config/yaml-source.js';
import { deploymentName } from '../naming/deployment-name.js';
import { sameJson } from '../plan/canonical-json.js';
import type { Flow } from '../model/flow.js';
import { closestNames } from '../naming/closest-names.js';

export interface SdkImportRequest {
  path: string;
  text: string;
  flows: readonly Flow[];
  project: string;
  environments: readonly string[];
  branch: string;
}

export interface SdkImport {
  config: Record<string, unknown>;
  /** Markdown lines for the report, per flow. */
  flowLines: string[];
  triggers: string[];
  unknownFlows: string[];
}

export function importSdkConfig(request: SdkImportRequest): SdkImport {
  const parsed = parseYaml(request.text, request.path);
  if ('errors' in parsed) throw parsed.errors[0]!;
  const data = isMapping(parsed.data) ? parsed.data : {};
  const triggers = new Map<string, unknown[]>();
  const withoutTriggers: Record<string, unknown> = {};
  for (const [flow, settings] of Object.entries(data)) {
    if (isMapping(settings) && Array.isArray(settings.triggers)) {
      triggers.set(flow, settings.triggers);
      const { triggers: _triggers, ...rest } = settings;
      withoutTriggers[flow] = rest;
    } else withoutTriggers[flow] = settings;
  }
  const result = legacyFileSchema.safeParse(withoutTriggers, { reportInput: true });
  if (!result.success) {
    const errors = result.error.issues
      .flatMap((issue) => describeIssue(issue, legacyFileSchema))
      .map(
        (issue) =>
          new ConfigurationError(`${issue.message}.`, {
            location: locate(parsed.source, issue.path, issue.target, issue.needle),
          }),
      );
    if (errors.length === 1) throw errors[0]!;
    throw new AggregatePortalError(`${request.path} has ${errors.length} problems.`, errors);
  }
  const portal = fromLegacy(result.data as z.output<typeof legacyFileSchema>);
  const flows = Object.entries(portal.deployments).map(([name, settings]) => ({
    name,
    settings: { ...settings } as Record<string, unknown>,
  }));
  // The SDK's defaults, unless every flow says otherwise alike.
  const defaults: Record<string, unknown> = { ...LEGACY_DEFAULTS };
  for (const key of Object.keys(defaults)) {
    const first = flows[0]?.settings[key];
    if (
      first !== undefined &&
      flows.every((flow) => key in flow.settings && sameJson(flow.settings[key], first))
    )
      defaults[key] = first;
    for (const flow of flows) if (sameJson(flow.settings[key], defaults[key])) delete flow.settings[key];
  }
  const known = new Set(request.flows.map((flow) => flow.name));
  const unknownFlows: string[] = [];
  const flowLines: string[] = [];
  const deployments: Record<string, unknown> = {};
  for (const flow of flows) {
    const own = triggers.get(flow.name);
    deployments[flow.name] = own ? { ...flow.settings, triggers: own } : flow.settings;
    if (!known.has(flow.name)) {
      const close = closestNames(flow.name, [...known]);
      unknownFlows.push(
        `\`${flow.name}\` (${locate(parsed.source, [flow.name], 'key').line ? `${request.path}:${locate(parsed.source, [flow.name], 'key').line}` : request.path}) matches no flow in the repository${close.length > 0 ? `; closest: ${close.map((name) => `\`${name}\``).join(', ')}` : ''}. Deploy warns about it; rename or remove it.`,
      );
    }
    const names = request.environments
      .map(
        (env) =>
          `${env}: \`${deploymentName({ project: request.project, branch: request.branch, flow: flow.name, env })}\``,
      )
      .join(', ');
    flowLines.push(
      `- \`${flow.name}\`: ${
        Object.keys(flow.settings)
          .map((key) => `\`${key}\``)
          .join(', ') || 'the defaults only'
      }${own ? ', `triggers` (copied as written)' : ''}. Deployments: ${names}.`,
    );
  }
  const config: Record<string, unknown> = {
    project: request.project,
    flows: { root: '.' },
    defaults,
    deployments,
    environments: Object.fromEntries(request.environments.map((env) => [env, null])),
  };
  return { config, flowLines, triggers: [...triggers.keys()], unknownFlows };
}
