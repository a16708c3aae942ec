// Reads the KEY=VALUE tags deploy writes (PROJECT_NAME, BRANCH_NAME, COMMIT_HASH,
// PACKAGE_VERSION) back from a deployment.

export function tagValue(tags: readonly string[] | undefined, key: string): string | null {
  const prefix = `${key}=`;
  const tag = (tags ?? []).find((each) => each.startsWith(prefix));
  return tag === undefined ? null : tag.slice(prefix.length);
}

/** Two commits match when one is a prefix of the other (abbreviated SHAs), case-insensitively. */
export function sameCommit(a: string, b: string): boolean {
  const left = a.trim().toLowerCase();
  const right = b.trim().toLowerCase();
  if (left.length < 7 || right.length < 7) return left === right;
  return left.startsWith(right) || right.startsWith(left);
}
