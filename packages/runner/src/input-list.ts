// Action inputs that hold lists: commas or newlines both separate items, as in
// docker/actions-toolkit, so `flows: a, b` and a block scalar of names mean the same.

export function parseInputList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '' && !item.startsWith('#'));
}

/** `all` (or nothing) means every flow; otherwise the listed names. */
export function parseFlowSelection(text: string): 'all' | string[] {
  const items = parseInputList(text);
  if (items.length === 0 || (items.length === 1 && items[0]!.toLowerCase() === 'all')) return 'all';
  return items;
}
