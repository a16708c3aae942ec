// Deployment names `{project}--{branch}--{hyphen_flow}--{env}` (a variant adds a fifth part before
// the flow: `{project}--{branch}--{variant}--{hyphen_flow}--{env}`) and their parse back. `--`
// separates parts, so every part is first made into a segment that cannot hold one.
import { ConfigurationError } from '../errors/portal-error.js';
import { hyphenFlowName } from './flow-name.js';

/**
 * A segment is one or more runs of letters (any script), digits, `_` and `.`, joined by single
 * hyphens: it never holds `--`, never starts or ends with `-`, and never holds Prefect's banned
 * `/ % & < >`. So `a--b--c--d` splits back into its four parts in exactly one way.
 */
const SEGMENT = /^[\p{L}\p{M}\p{N}_.]+(?:-[\p{L}\p{M}\p{N}_.]+)*$/u;
const SEPARATOR = '--';

export interface DeploymentNameParts {
  project: string;
  branch: string;
  /** The flow part as it appears in the name (hyphen form). */
  flow: string;
  /** The variant part, or null for a flow's own deployment (four parts). */
  variant: string | null;
  env: string;
}

export function isSegment(text: string): boolean {
  return SEGMENT.test(text);
}

/**
 * Turns a free-form project or branch name into a segment: NFC-normalised, case kept, every run
 * of other characters (`/`, spaces, `-`, `%`, emoji...) becomes one `-`, and hyphens at either
 * end are dropped. `feature/Add--Thing` -> `feature-Add-Thing`, `release/2.0` -> `release-2.0`.
 * The mapping is many-to-one on purpose: the original branch is kept in the BRANCH_NAME tag.
 */
export function toSegment(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}_.]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** The flow part: the hyphen form of the flow name, made into a segment. */
export function flowSegment(flowName: string): string {
  return toSegment(hyphenFlowName(flowName));
}

function segmentOrThrow(what: string, value: string, converted: string): string {
  if (!isSegment(converted)) {
    throw new ConfigurationError(
      `The ${what} "${value}" leaves nothing usable in a deployment name (it needs at least one letter, digit, "_" or ".").`,
      { hint: `Set a ${what} made of letters, digits, "_", "." or "-".` },
    );
  }
  return converted;
}

type NameParts = { project: string; branch: string; flow: string; env: string; variant?: string | null };

function segmentsOf(parts: NameParts): string[] {
  return [
    toSegment(parts.project),
    toSegment(parts.branch),
    ...(parts.variant != null ? [toSegment(parts.variant)] : []),
    flowSegment(parts.flow),
    toSegment(parts.env),
  ];
}

/**
 * The name of a flow's deployment in an environment. A variant is a part of its own between the
 * branch and the flow, so the flow stays the second-to-last part and the environment the last,
 * where acme-portal-sdk's PrefectDeploymentFinder (and the VSCode extension on it) reads them.
 * The count of parts (4 or 5) tells the two kinds apart, and no part can hold `--`, so `eu--etl`
 * is never read as a flow "eu-etl" nor as another flow's variant.
 */
export function deploymentName(parts: NameParts): string {
  return [
    segmentOrThrow('project name', parts.project, toSegment(parts.project)),
    segmentOrThrow('branch name', parts.branch, toSegment(parts.branch)),
    ...(parts.variant != null
      ? [segmentOrThrow('variant name', parts.variant, toSegment(parts.variant))]
      : []),
    segmentOrThrow('flow name', parts.flow, flowSegment(parts.flow)),
    segmentOrThrow('environment name', parts.env, toSegment(parts.env)),
  ].join(SEPARATOR);
}

/** The name as deploymentName builds it, without refusing empty parts: for naming a refusal. */
export function tentativeDeploymentName(parts: NameParts): string {
  return segmentsOf(parts).join(SEPARATOR);
}

/** The parts of a name we wrote, or null for any name that does not follow the pattern. */
export function parseDeploymentName(name: string): DeploymentNameParts | null {
  const parts = name.split(SEPARATOR);
  if ((parts.length !== 4 && parts.length !== 5) || !parts.every(isSegment)) return null;
  const [project, branch] = parts as [string, string];
  const flow = parts.at(-2)!;
  const env = parts.at(-1)!;
  return { project, branch, flow, variant: parts.length === 5 ? parts[2]! : null, env };
}
