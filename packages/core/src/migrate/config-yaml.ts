// Writes a config object as `.acme-portal.yml` text: a header saying where it came from, keys in
// the reference's order, and a comment on a placeholder work pool.
import { stringify } from 'yaml';

/** The work pool written when none is known; deploy names it in its "not found" error. */
export const WORK_POOL_PLACEHOLDER = 'my-work-pool';
const PLACEHOLDER_COMMENT =
  ' # placeholder: the Prefect work pool to run on (`prefect work-pool ls`); deploy stops, naming it, until it exists';

export function configYaml(config: Record<string, unknown>, header: readonly string[]): string {
  const body = stringify(config, { lineWidth: 0, aliasDuplicateObjects: false }).replace(
    new RegExp(`^(\\s*work_pool: ${WORK_POOL_PLACEHOLDER})$`, 'm'),
    `$1${PLACEHOLDER_COMMENT}`,
  );
  return `${header.map((line) => `# ${line}`.trimEnd()).join('\n')}\n${body}`;
}
