// "Did you mean …?" for names a user typed: flows, environments, config keys.

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** Up to `limit` candidates close to `wanted` (case-insensitive; hyphens and underscores alike). */
export function closestNames(wanted: string, candidates: readonly string[], limit = 3): string[] {
  const key = (text: string) => text.toLowerCase().replace(/-/g, '_');
  const target = key(wanted);
  const threshold = Math.max(2, Math.floor(target.length / 3));
  return candidates
    .map((candidate) => {
      const other = key(candidate);
      const distance = other.includes(target) || target.includes(other) ? 1 : editDistance(target, other);
      return { candidate, distance };
    })
    .filter(({ distance }) => distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** ` Did you mean "a" or "b"?` or an empty string. */
export function didYouMean(wanted: string, candidates: readonly string[]): string {
  const close = closestNames(wanted, candidates);
  if (close.length === 0) return '';
  const quoted = close.map((name) => `"${name}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return ` Did you mean ${list}?`;
}
