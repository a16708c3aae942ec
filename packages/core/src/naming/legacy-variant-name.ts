// Variant deployments written before the variant moved in front of the flow, named
// `{project}--{branch}--{flow}--{variant}--{env}`: told apart by their VARIANT tag, so that an
// upgrade renames them instead of leaving them behind.
import type { DeploymentNameParts } from './deployment-name.js';

/**
 * A five-part name reads `variant--flow` today; it was written the old way when its VARIANT tag
 * (which deploy has always written for a variant) names the fourth part and not the third. Then
 * this returns the parts as written (the flow is the third part); otherwise null. A name whose
 * tag is missing, or whose two middle parts are equal (the same name both ways), reads as today.
 */
export function legacyVariantParts(
  parts: DeploymentNameParts,
  variantTag: string | null,
): DeploymentNameParts | null {
  if (parts.variant === null || variantTag === null) return null;
  if (variantTag !== parts.flow || variantTag === parts.variant) return null;
  return { ...parts, flow: parts.variant, variant: parts.flow };
}

/** The name as today's naming writes those parts (segments already). */
export function currentNameOf(parts: DeploymentNameParts): string {
  return [
    parts.project,
    parts.branch,
    ...(parts.variant !== null ? [parts.variant] : []),
    parts.flow,
    parts.env,
  ].join('--');
}

/** The name the old naming gave those parts: where a variant deployment may still be found. */
export function legacyNameOf(parts: DeploymentNameParts): string | null {
  if (parts.variant === null) return null;
  return [parts.project, parts.branch, parts.flow, parts.variant, parts.env].join('--');
}
