// Docstrings as Prefect reads them: cleaned like `inspect.getdoc` (the flow's description), and
// the Google-style `Args:` section split into per-parameter descriptions the way griffe does.

/** What Python's `str.isspace` accepts; JavaScript's `\s` differs on a few code points. */
const PY_SPACE =
  '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const LEADING_SPACE = new RegExp(`^[${PY_SPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${PY_SPACE}]+$`);

function pyLstrip(line: string): string {
  return line.replace(LEADING_SPACE, '');
}

function isBlank(line: string): boolean {
  return pyLstrip(line) === '';
}

/** `str.expandtabs()`: tabs to the next multiple of 8 columns, counted from each line start. */
function expandTabs(text: string): string {
  if (!text.includes('\t')) return text;
  let out = '';
  let column = 0;
  for (const ch of text) {
    if (ch === '\t') {
      const width = 8 - (column % 8);
      out += ' '.repeat(width);
      column += width;
    } else {
      out += ch;
      column = ch === '\n' || ch === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

/** `inspect.cleandoc`: the text Prefect stores as a flow's description. */
export function cleanDocstring(doc: string): string {
  const lines = expandTabs(doc).split('\n');
  let margin = Number.POSITIVE_INFINITY;
  for (const line of lines.slice(1)) {
    const content = pyLstrip(line).length;
    if (content > 0) margin = Math.min(margin, line.length - content);
  }
  lines[0] = pyLstrip(lines[0] ?? '');
  if (margin !== Number.POSITIVE_INFINITY) {
    for (let i = 1; i < lines.length; i += 1) lines[i] = lines[i]!.slice(margin);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  return lines.join('\n');
}

const SECTION_TITLE = /^([\p{L}\p{N}_][\s\p{L}\p{N}_-]*):(\s+(\S.*))?\s*$/iu;

/** Section titles griffe knows; only the first four hold the parameters Prefect reads. */
const PARAMETER_SECTIONS = new Set(['args', 'arguments', 'params', 'parameters']);
const OTHER_SECTIONS = new Set([
  'keyword args',
  'keyword arguments',
  'other args',
  'other arguments',
  'other params',
  'other parameters',
  'type args',
  'type arguments',
  'type params',
  'type parameters',
  'raises',
  'exceptions',
  'returns',
  'yields',
  'receives',
  'examples',
  'attributes',
  'functions',
  'methods',
  'classes',
  'type aliases',
  'modules',
  'warns',
  'warnings',
]);

type BlockItem = string[];

/** griffe's indented block of items: each item a first line plus its continuation lines. */
function readBlockItems(lines: string[], offset: number): { items: BlockItem[]; last: number } {
  if (offset >= lines.length) return { items: [], last: offset };
  let next = offset;
  while (next < lines.length && isBlank(lines[next]!)) next += 1;
  if (next >= lines.length) return { items: [], last: next - 1 };
  const first = lines[next]!;
  const indent = first.length - pyLstrip(first).length;
  if (indent === 0) return { items: [], last: next - 1 };
  const items: BlockItem[] = [];
  let current: BlockItem = [first.slice(indent)];
  next += 1;
  while (next < lines.length) {
    const line = lines[next]!;
    if (isBlank(line)) current.push('');
    else if (line.startsWith(' '.repeat(indent * 2))) current.push(line.slice(indent * 2));
    else if (line.startsWith(' '.repeat(indent + 1))) current.push(pyLstrip(line));
    else if (line.startsWith(' '.repeat(indent))) {
      items.push(current);
      current = [line.slice(indent)];
    } else break;
    next += 1;
  }
  items.push(current);
  return { items, last: next - 1 };
}

function parameterDescriptions(items: BlockItem[]): Map<string, string> {
  const descriptions = new Map<string, string>();
  for (const [firstLine = '', ...more] of items) {
    const colon = firstLine.indexOf(':');
    if (colon < 0) continue;
    const nameWithType = firstLine.slice(0, colon);
    const description = [pyLstrip(firstLine.slice(colon + 1)), ...more].join('\n').replace(/\n+$/, '');
    const name =
      nameWithType.includes('(') && nameWithType.endsWith(')')
        ? nameWithType.slice(0, nameWithType.indexOf('(')).trim()
        : nameWithType;
    descriptions.set(name, description);
  }
  return descriptions;
}

/**
 * Parameter descriptions from a cleaned docstring's Google-style `Args:` section, following
 * griffe's rules (a section title needs a blank line above it and indented lines below it;
 * when there are several parameter sections, the last one wins, as in Prefect).
 */
export function googleParameterDescriptions(doc: string): Map<string, string> {
  let result = new Map<string, string>();
  if (!doc) return result;
  // griffe's Docstring keeps `cleandoc(value.rstrip())`: the last line loses its trailing spaces.
  const lines = doc.replace(TRAILING_SPACE, '').split('\n');
  let inCodeBlock = false;
  for (let offset = 0; offset < lines.length; offset += 1) {
    const line = lines[offset]!;
    const fence = line.toLowerCase().replace(/^ +/, '').startsWith('```');
    if (inCodeBlock) {
      if (fence) inCodeBlock = false;
      continue;
    }
    if (fence) {
      inCodeBlock = true;
      continue;
    }
    const title = SECTION_TITLE.exec(line);
    if (!title) continue;
    const kind = title[1]!.toLowerCase();
    const below = lines[offset + 1];
    const twoBelow = lines[offset + 2];
    const blankAbove = offset === 0 || isBlank(lines[offset - 1]!);
    const blankBelow = below !== undefined && isBlank(below);
    const blankTwoBelow = twoBelow !== undefined && isBlank(twoBelow);
    const indentedBelow = below !== undefined && !blankBelow && below.startsWith(' ');
    const indentedTwoBelow = twoBelow !== undefined && !blankTwoBelow && twoBelow.startsWith(' ');
    if (!(indentedBelow || indentedTwoBelow)) continue;
    if (!blankAbove || (indentedTwoBelow && blankBelow)) continue;
    if (PARAMETER_SECTIONS.has(kind)) {
      const block = readBlockItems(lines, offset + 1);
      result = parameterDescriptions(block.items);
      offset = block.last;
    } else if (OTHER_SECTIONS.has(kind)) {
      offset = readBlockItems(lines, offset + 1).last;
    } else {
      offset = readAdmonitionEnd(lines, offset + 1);
    }
  }
  return result;
}

/** Where an admonition block (`Note:` and its indented text) ends. */
function readAdmonitionEnd(lines: string[], offset: number): number {
  if (offset >= lines.length) return offset - 1;
  let next = offset;
  while (next < lines.length && isBlank(lines[next]!)) next += 1;
  if (next >= lines.length) return offset - 1;
  const first = lines[next]!;
  const indent = first.length - pyLstrip(first).length;
  if (indent === 0) return offset - 1;
  next += 1;
  while (next < lines.length && (lines[next]!.startsWith(' '.repeat(indent)) || isBlank(lines[next]!)))
    next += 1;
  return next - 1;
}
