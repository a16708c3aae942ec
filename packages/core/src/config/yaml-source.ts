// A YAML file kept with its node ranges, so any problem found in the parsed data can be
// reported at the file, line and column where the offending key or value was written.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import { ConfigurationError, type SourceLocation } from '../errors/portal-error.js';

export interface YamlSource {
  file: string;
  text: string;
  document: Document;
  lines: LineCounter;
}

/** Where in the found node a problem points. */
export type LocationTarget = 'key' | 'value' | 'parent';

export type ParsedYaml =
  { source: YamlSource; data: unknown } | { source: YamlSource; errors: ConfigurationError[] };

export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  // `merge` lets users share blocks with anchors and `<<: *defaults`.
  const document = parseDocument(text, { lineCounter: lines, merge: true, prettyErrors: true });
  const source: YamlSource = { file, text, document, lines };
  const found: ConfigurationError[] = [];
  for (const error of document.errors) {
    const position = error.linePos?.[0];
    const message = error.message.split(/ at line \d+, column \d+/)[0]!;
    found.push(
      new ConfigurationError(`YAML syntax error: ${message}.`, {
        location: { file, ...(position ? { line: position.line, column: position.col } : {}) },
        ...hintFor(error.code, text, position?.line),
      }),
    );
  }
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document)) return;
      found.push(
        new ConfigurationError(
          `*${alias.source} is read as a YAML alias (\`*\` starts one), but no anchor &${alias.source} comes before it.`,
          {
            location: locationAt(source, alias.range?.[0] ?? 0),
            hint: 'Quote the value if the `*` is meant literally, e.g. cron: "*/5 * * * *"; else define the anchor first.',
          },
        ),
      );
    },
  });
  const errors = firstPerLine(found);
  if (errors.length > 0) return { source, errors };
  return { source, data: document.toJS({ maxAliasCount: 1000 }) };
}

/** One error per line, the leftmost: one unquoted cron starting with `*` yields five. */
function firstPerLine(errors: ConfigurationError[]): ConfigurationError[] {
  const byLine = new Map<number, ConfigurationError>();
  const unplaced: ConfigurationError[] = [];
  for (const error of errors) {
    const line = error.location?.line;
    if (line === undefined) {
      unplaced.push(error);
      continue;
    }
    const kept = byLine.get(line);
    if (!kept || (error.location?.column ?? 0) < (kept.location?.column ?? 0)) byLine.set(line, error);
  }
  return [...byLine.values(), ...unplaced];
}

function hintFor(code: string, text: string, line: number | undefined): { hint?: string } {
  const hint = syntaxHint(code, text, line);
  return hint ? { hint } : {};
}

function syntaxHint(code: string, text: string, line: number | undefined): string | undefined {
  const written = line === undefined ? '' : (text.split(/\r?\n/)[line - 1] ?? '');
  if (code === 'UNEXPECTED_TOKEN' && /:\s*\*/.test(written)) {
    return 'A value starting with `*` must be quoted, e.g. cron: "*/5 * * * *".';
  }
  if (code === 'TAB_AS_INDENT') return 'Indent with spaces.';
  if (code === 'DUPLICATE_KEY') return 'Remove or merge the repeated key.';
  return undefined;
}

export function locationAt(source: YamlSource, offset: number): SourceLocation {
  const { line, col } = source.lines.linePos(offset);
  return { file: source.file, line, column: col };
}

interface Found {
  node: Node | null;
  /** The pair whose key is the last segment, when the path ends in a mapping entry. */
  pair: Pair | null;
  /** How many segments were found; fewer than the path's length when it ran out. */
  depth: number;
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  // With `merge`, a `<<` key's value is a symbol (yaml's MERGE_KEY), not the text.
  if (isScalar(key)) return typeof key.value === 'symbol' ? '<<' : String(key.value);
  return key === null || key === undefined ? undefined : String(key);
}

/** The pair of `map` for `segment`, looking through `<<` merges like the parsed data does. */
function pairIn(source: YamlSource, node: Node, segment: string, seen = new Set<Node>()): Pair | undefined {
  if (!isMap(node) || seen.has(node)) return undefined;
  seen.add(node);
  const direct = node.items.find((pair) => keyText(pair) === segment);
  if (direct) return direct;
  for (const pair of node.items) {
    if (keyText(pair) !== '<<') continue;
    const merged = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const item of merged) {
      const target = resolve(source, item as Node | null);
      const found = target ? pairIn(source, target, segment, seen) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

function resolve(source: YamlSource, node: Node | null | undefined): Node | null {
  if (isAlias(node)) return (node.resolve(source.document) as Node | undefined) ?? null;
  return node ?? null;
}

function find(source: YamlSource, path: readonly PropertyKey[]): Found {
  let node = resolve(source, source.document.contents as Node | null);
  let pair: Pair | null = null;
  let depth = 0;
  for (const segment of path) {
    if (node === null) break;
    let next: { node: Node | null; pair: Pair | null } | null = null;
    if (isMap(node)) {
      const found = pairIn(source, node, String(segment));
      if (found) next = { node: resolve(source, found.value as Node | null), pair: found };
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      next = { node: resolve(source, node.items[segment] as Node | null), pair: null };
    }
    if (!next) break;
    ({ node, pair } = next);
    depth += 1;
  }
  return { node, pair, depth };
}

function nodeStart(source: YamlSource, node: Node | null, pair: Pair | null): SourceLocation {
  const keyNode = pair && isScalar(pair.key) ? pair.key : null;
  if (keyNode?.range) return locationAt(source, keyNode.range[0]);
  if (node?.range) return locationAt(source, node.range[0]);
  return { file: source.file, line: 1, column: 1 };
}

/**
 * Where `path` (keys and list indexes into the parsed data) was written. `key` points at the key
 * of the last segment, `value` at its value (or its key when the value is empty), `parent` at
 * the mapping that holds it (for a missing key). A path that runs out points at the deepest
 * node found. `needle` moves the column to that text inside a single-line scalar value.
 */
export function locate(
  source: YamlSource,
  path: readonly PropertyKey[],
  target: LocationTarget = 'value',
  needle?: string,
): SourceLocation {
  const found = find(source, path);
  if (target === 'parent' || found.depth < path.length) {
    const holder = found.depth < path.length ? found : find(source, path.slice(0, -1));
    return nodeStart(source, holder.node, holder.pair);
  }
  if (target === 'key') return nodeStart(source, found.node, found.pair);
  const value = found.node;
  if (!value?.range || (isScalar(value) && value.range[0] === value.range[1])) {
    return nodeStart(source, value, found.pair);
  }
  if (needle && isScalar(value)) {
    const written = source.text.slice(value.range[0], value.range[1]);
    const index = written.indexOf(needle);
    if (index !== -1 && !written.slice(0, index).includes('\n'))
      return locationAt(source, value.range[0] + index);
  }
  return locationAt(source, value.range[0]);
}

/**
 * A number or boolean as written (`3.10`, `0x1F`, `yes`), for values that are text to the user:
 * YAML would turn `3.10` into 3.1. Undefined when `path` holds no such scalar.
 */
export function writtenScalar(source: YamlSource, path: readonly PropertyKey[]): string | undefined {
  const found = find(source, path);
  if (found.depth < path.length || !isScalar(found.node)) return undefined;
  const { value } = found.node;
  if (typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  return found.node.source ?? String(value);
}

/** The keys of the mapping at `path`, in the order written (JS objects reorder numeric keys). */
export function keysInOrder(source: YamlSource, path: readonly PropertyKey[]): string[] {
  const found = find(source, path);
  if (found.depth < path.length || !isMap(found.node)) return [];
  return found.node.items.map(keyText).filter((key): key is string => key !== undefined && key !== '<<');
}
