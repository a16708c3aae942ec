// A cleanup of exactly named deployments (`flow/name`, as Prefect names them) that these actions
// do not manage: the old ones a team switched from. Names in our own pattern are refused (the
// branch cleanup owns them); a name found on no server stops the cleanup before any deletion.
import { InputError, NotFoundError, RefusedError } from '../errors/portal-error.js';
import { closestNames } from '../naming/closest-names.js';
import { parseDeploymentName, toSegment } from '../naming/deployment-name.js';
import type { PrefectApi } from '../prefect/prefect-api.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';

export interface DeploymentReference {
  /** The flow's name on the server. */
  flow: string;
  /** The deployment's own name. */
  name: string;
  /** `flow/name`. */
  fullName: string;
}

/** `etl/daily` → flow `etl`, deployment `daily`; anything else is an input error naming it. */
export function parseDeploymentReferences(values: readonly string[]): DeploymentReference[] {
  const malformed = values.filter((value) => !/^[^/]+\/[^/]+$/.test(value.trim()));
  if (malformed.length > 0) {
    throw new InputError(
      `\`deployments\` takes flow/name pairs as Prefect names them (\`etl/daily\`); ${malformed.map((value) => `"${value}"`).join(', ')} ${malformed.length === 1 ? 'is' : 'are'} not one.`,
      { hint: 'Copy the names from the deploy warning, or from `prefect deployment ls`.' },
    );
  }
  const unique = [...new Set(values.map((value) => value.trim()))];
  return unique.map((fullName) => {
    const [flow, name] = fullName.split('/') as [string, string];
    return { flow: flow.trim(), name: name.trim(), fullName };
  });
}

/**
 * Refuses names of our own pattern: deploy, prune and the branch cleanup manage those, and one
 * deleted here would be written again by the next deploy. The hint says which cleanup removes them.
 */
export function refuseManagedNames(references: readonly DeploymentReference[], project: string): void {
  const managed = references.flatMap((reference) => {
    const parts = parseDeploymentName(reference.name);
    return parts === null ? [] : [{ reference, parts }];
  });
  if (managed.length === 0) return;
  const projectSegment = toSegment(project);
  const hints = managed.map(({ reference, parts }) =>
    parts.project === projectSegment
      ? `${reference.fullName}: \`cleanup --branch ${parts.branch} --envs ${parts.env}\``
      : `${reference.fullName}: project ${parts.project}'s, \`cleanup --project-name ${parts.project} --branch ${parts.branch} --envs ${parts.env}\``,
  );
  throw new RefusedError(
    `\`deployments\` removes deployments that acme-portal does not manage, and ${managed.length === 1 ? 'this one is' : 'these are'} in its naming ({project}--{branch}--{flow}--{env}): ${managed.map(({ reference }) => reference.fullName).join(', ')}; nothing was deleted.`,
    { hint: `Remove them with the branch cleanup instead — ${hints.join('; ')}.` },
  );
}

/** A named deployment found on one server. */
export interface FoundNamedDeployment {
  reference: DeploymentReference;
  deployment: ServerDeployment;
}

export interface ServerNamedListing {
  found: FoundNamedDeployment[];
  /** Every deployment of the named flows on that server, `flow/name`: for suggestions. */
  others: string[];
}

/**
 * The named deployments on one server: the deployments of the named flows in one listing (paged
 * by 200), then the names of their flows, matched exactly against the references.
 */
export async function findNamedDeployments(
  api: PrefectApi,
  references: readonly DeploymentReference[],
): Promise<ServerNamedListing> {
  const flows = [...new Set(references.map((reference) => reference.flow))];
  const deployments = await api.filterDeployments({ flows: { name: { any_: flows } } });
  const flowNames = new Map(
    (await api.readFlowsByIds(deployments.map((deployment) => deployment.flow_id))).map((flow) => [
      flow.id,
      flow.name,
    ]),
  );
  const byFullName = new Map<string, ServerDeployment>();
  for (const deployment of deployments) {
    const flow = flowNames.get(deployment.flow_id);
    if (flow !== undefined) byFullName.set(`${flow}/${deployment.name}`, deployment);
  }
  return {
    found: references.flatMap((reference) => {
      const deployment = byFullName.get(reference.fullName);
      return deployment ? [{ reference, deployment }] : [];
    }),
    others: [...byFullName.keys()].filter(
      (fullName) => parseDeploymentName(fullName.split('/')[1]!) === null,
    ),
  };
}

/** Stops the cleanup when any name was found on no server, suggesting the closest real ones. */
export function refuseUnknownNames(
  references: readonly DeploymentReference[],
  listings: readonly ServerNamedListing[],
  serverLabels: readonly string[],
): void {
  const found = new Set(
    listings.flatMap((listing) => listing.found.map((entry) => entry.reference.fullName)),
  );
  const unknown = references.filter((reference) => !found.has(reference.fullName));
  if (unknown.length === 0) return;
  const others = [...new Set(listings.flatMap((listing) => listing.others))].sort();
  const suggestions = unknown.flatMap((reference) => {
    const close = closestNames(reference.fullName, others);
    return close.length > 0 ? [`for ${reference.fullName}, did you mean ${close.join(' or ')}?`] : [];
  });
  const where = serverLabels.length === 1 ? serverLabels[0]! : `any of ${serverLabels.join(', ')}`;
  throw new NotFoundError(
    `No deployment ${unknown.map((reference) => `"${reference.fullName}"`).join(', ')} on ${where}; nothing was deleted.`,
    {
      hint:
        suggestions.length > 0
          ? `Names are flow/deployment as Prefect shows them: ${suggestions.join('; ')}`
          : others.length > 0
            ? `Names are flow/deployment as Prefect shows them; the named flows have ${others.slice(0, 10).join(', ')}${others.length > 10 ? ', …' : ''}.`
            : 'Names are flow/deployment as Prefect shows them (`prefect deployment ls`); the named flows have no deployments outside acme-portal naming there.',
    },
  );
}
