// Cuts, before parsing, the function bodies that cannot hold a flow: most of a module's bytes,
// and the bulk of the parser's work. Line numbers stay exactly as they were.
//
// A flow is a decorated `def`, so a function body with no decorator line in it defines no flow,
// and the names it binds are local to it. Such a body is replaced by its first logical line (a
// docstring, which a flow's description needs) or `pass`, plus the newlines it held. The cheap
// lexer below knows strings (prefixes, triple quotes, f-string fields), comments, brackets and
// backslash continuations; when anything does not add up, the text is returned unchanged.

interface LogicalLine {
  /** First non-blank character. */
  start: number;
  /** The `\n` that ends it, or the text's length. */
  end: number;
  indent: number;
  startsWithAt: boolean;
  isDefHeader: boolean;
  /** Ends with `:` outside brackets, strings and comments: a compound statement header. */
  endsWithColon: boolean;
}

const NEWLINE = 10;
const SPACE = 32;
const TAB = 9;
const FORM_FEED = 12;
const HASH = 35;
const BACKSLASH = 92;
const COLON = 58;
const AT = 64;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const LETTER_N = 78;

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf', 't', 'tr', 'rt']);

class Unreadable extends Error {}

function isIdentifierStart(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code > 127;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || (code >= 48 && code <= 57);
}

function isQuote(code: number): boolean {
  return code === 34 || code === 39;
}

/**
 * Stands, in the text handed to the parser, for a backslash written before `{` or `}` in an
 * f-string. Python keeps such a backslash as text and still reads the brace as a brace
 * (`rf"\{{x"` is `\{x`); the parser reads `\{` as one escape, which breaks the `{{` after it
 * and reports a syntax error Python does not have. Python source cannot hold a NUL (that is
 * checked before pruning), so the mark is never confused with the file's own text.
 */
export const BRACE_BACKSLASH_MARK = '\0';

/** Positions of backslashes before a brace in f-strings, replaced by BRACE_BACKSLASH_MARK. */
type BraceBackslashes = number[];

/** Index just past the string literal whose opening quote is at `at`. */
function skipString(text: string, at: number, prefix: string, marks: BraceBackslashes): number {
  const formatted = prefix.includes('f') || prefix.includes('t');
  const raw = prefix.includes('r');
  const quote = text.charCodeAt(at);
  const triple = text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote;
  let i = at + (triple ? 3 : 1);
  const length = text.length;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (code === BACKSLASH) {
      const next = text.charCodeAt(i + 1);
      if (formatted && (next === OPEN_BRACE || next === CLOSE_BRACE)) {
        marks.push(i);
        i += 1;
      } else if (formatted && !raw && next === LETTER_N && text.charCodeAt(i + 2) === OPEN_BRACE) {
        // `\N{EM DASH}`: a named character, not a replacement field.
        const close = text.indexOf('}', i + 3);
        if (close < 0) throw new Unreadable();
        i = close + 1;
      } else {
        i += 2;
      }
    } else if (code === quote) {
      if (!triple) return i + 1;
      if (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote) return i + 3;
      i += 1;
    } else if (code === NEWLINE && !triple) {
      throw new Unreadable();
    } else if (formatted && code === OPEN_BRACE) {
      i = text.charCodeAt(i + 1) === OPEN_BRACE ? i + 2 : skipReplacementField(text, i + 1, marks);
    } else {
      i += 1;
    }
  }
  throw new Unreadable();
}

/** Index just past the `}` closing an f-string replacement field that starts at `at`. */
function skipReplacementField(text: string, at: number, marks: BraceBackslashes): number {
  let depth = 0;
  let i = at;
  const length = text.length;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (isQuote(code)) {
      i = skipString(text, i, '', marks);
    } else if (isIdentifierStart(code)) {
      i = skipWordOrString(text, i, marks);
    } else if (code === 40 || code === 91 || code === OPEN_BRACE) {
      depth += 1;
      i += 1;
    } else if (code === 41 || code === 93 || code === CLOSE_BRACE) {
      if (depth === 0) {
        if (code !== CLOSE_BRACE) throw new Unreadable();
        return i + 1;
      }
      depth -= 1;
      i += 1;
    } else if (code === COLON && depth === 0) {
      return skipFormatSpec(text, i + 1, marks);
    } else {
      i += 1;
    }
  }
  throw new Unreadable();
}

/** The format spec after `:` in a replacement field: literal text with nested `{fields}`. */
function skipFormatSpec(text: string, at: number, marks: BraceBackslashes): number {
  let i = at;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === OPEN_BRACE) i = skipReplacementField(text, i + 1, marks);
    else if (code === CLOSE_BRACE) return i + 1;
    else i += 1;
  }
  throw new Unreadable();
}

/** Skips an identifier, or a prefixed string literal (`rb"..."`, `f'...'`). */
function skipWordOrString(text: string, at: number, marks: BraceBackslashes): number {
  let i = at + 1;
  while (i < text.length && isIdentifierPart(text.charCodeAt(i))) i += 1;
  if (i - at <= 2 && isQuote(text.charCodeAt(i))) {
    const prefix = text.slice(at, i).toLowerCase();
    if (STRING_PREFIXES.has(prefix)) return skipString(text, i, prefix, marks);
  }
  return i;
}

/** `[from, to)` ranges of the text. */
type Ranges = [from: number, to: number][];

/**
 * The logical lines of a module. `formFeeds` receives, for each line (blank and comment lines
 * too) whose indentation holds a form feed, the indentation up to and including its last one.
 */
function readLogicalLines(text: string, marks: BraceBackslashes, formFeeds: Ranges): LogicalLine[] {
  const lines: LogicalLine[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    let indent = 0;
    const lineStart = i;
    let afterFormFeed = -1;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (code === SPACE) indent += 1;
      else if (code === TAB) indent = (Math.floor(indent / 8) + 1) * 8;
      else if (code === FORM_FEED) {
        // CPython's tokenizer starts counting the indentation again after a form feed.
        indent = 0;
        afterFormFeed = i + 1;
      } else break;
      i += 1;
    }
    if (afterFormFeed >= 0) formFeeds.push([lineStart, afterFormFeed]);
    if (i >= length) break;
    const first = text.charCodeAt(i);
    if (first === NEWLINE) {
      i += 1;
      continue;
    }
    if (first === HASH) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? length : end + 1;
      continue;
    }
    const start = i;
    let depth = 0;
    let lastSignificant = -1;
    let end = length;
    while (i < length) {
      const code = text.charCodeAt(i);
      if (code === NEWLINE) {
        if (depth === 0) {
          end = i;
          i += 1;
          break;
        }
        i += 1;
      } else if (code === BACKSLASH) {
        if (text.charCodeAt(i + 1) !== NEWLINE) throw new Unreadable();
        i += 2;
      } else if (code === HASH) {
        const lineEnd = text.indexOf('\n', i);
        i = lineEnd < 0 ? length : lineEnd;
      } else if (isQuote(code)) {
        i = skipString(text, i, '', marks);
        lastSignificant = i - 1;
      } else if (isIdentifierStart(code)) {
        i = skipWordOrString(text, i, marks);
        lastSignificant = i - 1;
      } else {
        if (code === 40 || code === 91 || code === OPEN_BRACE) depth += 1;
        else if (code === 41 || code === 93 || code === CLOSE_BRACE) {
          depth -= 1;
          if (depth < 0) throw new Unreadable();
        }
        if (code !== SPACE && code !== TAB && code !== FORM_FEED) lastSignificant = i;
        i += 1;
      }
    }
    if (depth !== 0) throw new Unreadable();
    lines.push({
      start,
      end,
      indent,
      startsWithAt: first === AT,
      isDefHeader:
        (first === 100 || first === 97) && /^(async[ \t]+)?def[ \t]/.test(text.slice(start, start + 16)),
      endsWithColon: lastSignificant >= 0 && text.charCodeAt(lastSignificant) === COLON,
    });
  }
  return lines;
}

/** The text without the given ranges (in order, not overlapping). */
function withoutRanges(text: string, ranges: Ranges): string {
  const pieces: string[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    pieces.push(text.slice(from, start));
    from = end;
  }
  pieces.push(text.slice(from));
  return pieces.join('');
}

function markBraceBackslashes(text: string, marks: BraceBackslashes): string {
  if (marks.length === 0) return text;
  const pieces: string[] = [];
  let from = 0;
  for (const at of marks) {
    pieces.push(text.slice(from, at), BRACE_BACKSLASH_MARK);
    from = at + 1;
  }
  pieces.push(text.slice(from));
  return pieces.join('');
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

/** Pruned text, and the way back from its line numbers to the original ones. */
export interface PrunedSource {
  text: string;
  /** 1-based line in `text` -> 1-based line in the original. */
  originalLine(line: number): number;
  /**
   * The line where a cut body held the first Python 2 print statement (`print "x"`): Python
   * cannot import the module, and the parser never sees that body.
   */
  python2PrintLine?: number;
}

function unchanged(text: string): PrunedSource {
  return { text, originalLine: (line) => line };
}

/**
 * `print "x"` or `print x` at the start of a logical line: a syntax error in Python 3, where
 * `print (x)`, `print`, `print = f` and `print >> f` (an expression) are not.
 */
const PYTHON2_PRINT = /^print[ \t]+(?!(?:if|else|in|is|and|or|not|for)\b)[\p{L}\d_"']/u;

function isPython2Print(text: string, start: number): boolean {
  return text.charCodeAt(start) === 112 && PYTHON2_PRINT.test(text.slice(start, start + 16));
}

/** Whether a string literal (a docstring, with any prefix such as r or u) starts at `start`. */
function startsWithString(text: string, start: number): boolean {
  return /^[rRuUbBfF]{0,2}["']/.test(text.slice(start, start + 3));
}

/**
 * The text with every function body that holds no decorator line cut out: an undecorated
 * `def` becomes `def name(): pass` (only the name it binds matters), a decorated one keeps
 * its header and first body line (the docstring). Expects `\n` newlines. Either way (also with
 * `cutBodies` false) a backslash before a brace in an f-string is replaced by BRACE_BACKSLASH_MARK,
 * and indentation is dropped up to its last form feed: Python counts indentation from there,
 * while the parser reads a form feed as the first character of a statement (a syntax error on a
 * line of its own, a dedent before an indented one). Lines keep their numbers either way.
 */
export function pruneFunctionBodies(original: string, cutBodies = true): PrunedSource {
  let lines: LogicalLine[];
  let source = original;
  const marks: BraceBackslashes = [];
  try {
    const formFeeds: Ranges = [];
    lines = readLogicalLines(original, marks, formFeeds);
    if (formFeeds.length > 0) {
      source = withoutRanges(original, formFeeds);
      marks.length = 0;
      lines = readLogicalLines(source, marks, []);
    }
  } catch (error) {
    if (error instanceof Unreadable) return unchanged(original);
    throw error;
  }
  const text = markBraceBackslashes(source, marks);
  if (!cutBodies) return unchanged(text);
  const pieces: string[] = [];
  // After compact line `after`, original = compact + `shift`.
  const breaks: { after: number; shift: number }[] = [];
  let copiedUpTo = 0;
  let originalLinesCopied = 1;
  let removed = 0;
  const cut = (keepUntil: number, replacement: string, cutUntil: number): void => {
    pieces.push(text.slice(copiedUpTo, keepUntil), replacement);
    const line = originalLinesCopied + countNewlines(text, copiedUpTo, keepUntil);
    const gone = countNewlines(text, keepUntil, cutUntil);
    removed += gone;
    breaks.push({ after: line - (removed - gone), shift: removed });
    originalLinesCopied = line + gone;
    copiedUpTo = cutUntil;
  };
  let python2PrintLine: number | undefined;
  let index = 0;
  while (index < lines.length) {
    const header = lines[index]!;
    const decorated =
      index > 0 && lines[index - 1]!.startsWithAt && lines[index - 1]!.indent === header.indent;
    index += 1;
    if (!header.isDefHeader || !header.endsWithColon) continue;
    let last = index;
    let hasDecorator = false;
    while (last < lines.length && lines[last]!.indent > header.indent) {
      if (lines[last]!.startsWithAt) hasDecorator = true;
      last += 1;
    }
    if (hasDecorator || last === index) continue;
    const firstBody = lines[index]!;
    const lastBody = lines[last - 1]!;
    if (python2PrintLine === undefined) {
      for (let body = index; body < last; body += 1) {
        if (isPython2Print(text, lines[body]!.start)) {
          python2PrintLine = countNewlines(text, 0, lines[body]!.start) + 1;
          break;
        }
      }
    }
    if (!decorated) {
      const name = /^(?:async[ \t]+)?def[ \t]+([^\s(]+)/.exec(
        text.slice(header.start, header.start + 200),
      )?.[1];
      if (name === undefined) continue;
      cut(header.start, `def ${name}(): pass`, lastBody.end);
    } else if (firstBody.endsWithColon || !startsWithString(text, firstBody.start)) {
      // Only a docstring is worth keeping; any other statement (a bare `yield`, which the
      // parser does not read) becomes `pass`.
      cut(firstBody.start, 'pass', lastBody.end);
    } else {
      cut(firstBody.end, '', lastBody.end);
    }
    index = last;
  }
  if (copiedUpTo === 0) return unchanged(text);
  pieces.push(text.slice(copiedUpTo));
  return {
    text: pieces.join(''),
    ...(python2PrintLine === undefined ? {} : { python2PrintLine }),
    originalLine(line: number): number {
      let low = 0;
      let high = breaks.length - 1;
      let shift = 0;
      while (low <= high) {
        const middle = (low + high) >> 1;
        if (breaks[middle]!.after < line) {
          shift = breaks[middle]!.shift;
          low = middle + 1;
        } else high = middle - 1;
      }
      return line + shift;
    },
  };
}
