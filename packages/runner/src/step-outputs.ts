// Step outputs. GitHub caps one output at 1 MB, so a JSON list that would exceed it is cut to
// the items that fit (still valid JSON) with a warning; the caller keeps a complete copy in a file.
import * as core from '@actions/core';

export const OUTPUT_LIMIT_BYTES = 1024 * 1024;
/** Room left for the output's name and the delimiters the runner adds. */
const HEADROOM_BYTES = 4 * 1024;

/** The longest prefix of `items` whose JSON fits under `limitBytes`, and whether anything was cut. */
export function fitJsonList<T>(
  items: readonly T[],
  limitBytes = OUTPUT_LIMIT_BYTES - HEADROOM_BYTES,
): { json: string; kept: number } {
  const full = JSON.stringify(items);
  if (Buffer.byteLength(full) <= limitBytes) return { json: full, kept: items.length };
  let size = 2; // []
  let kept = 0;
  for (const item of items) {
    const next = Buffer.byteLength(JSON.stringify(item)) + (kept > 0 ? 1 : 0);
    if (size + next > limitBytes) break;
    size += next;
    kept += 1;
  }
  return { json: JSON.stringify(items.slice(0, kept)), kept };
}

export function setJsonListOutput<T>(name: string, items: readonly T[], fullCopyHint: string): void {
  const { json, kept } = fitJsonList(items);
  if (kept < items.length) {
    core.warning(
      `Output \`${name}\` holds only the first ${kept} of ${items.length} items: the full list is over GitHub's 1 MB output limit. ${fullCopyHint}`,
    );
  }
  core.setOutput(name, json);
}
