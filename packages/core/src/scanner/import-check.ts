// Whether Python could import a module, judged from its syntax tree: a syntax error, Python 2
// code or a NUL byte make every run of a flow in it crash, while valid modern syntax the parser
// cannot read (parenthesised context managers, PEP 614 decorators) must not count as an error.
import type { SyntaxNode, Tree } from '@lezer/common';

export type SyntaxVerdict =
  | { kind: 'valid' }
  /** Python refuses the module: `position` is the first error, `what` says what it is. */
  | { kind: 'invalid'; position: number; what: string }
  /** The parser could not read valid Python at `position`: `construct` names it. */
  | { kind: 'parser-gap'; position: number; construct: string };

const VALID: SyntaxVerdict = { kind: 'valid' };

/** `what` of the parser's own errors, as opposed to Python 2 constructs it reads. */
export const SYNTAX_ERROR = 'a syntax error';

type SyntaxProblem = Exclude<SyntaxVerdict, { kind: 'valid' }>;

/**
 * The verdict on a parsed module. Only the parser's first error is classified: after a
 * construct it cannot read, its recovery may report errors that Python would not.
 * `text` is the text parsed. (A NUL byte is checked by the caller, on the text before pruning.)
 */
export function checkModuleSyntax(tree: Tree, text: string): SyntaxVerdict {
  const problems: SyntaxProblem[] = [];
  const cursor = tree.cursor();
  let firstError: SyntaxNode | undefined;
  do {
    if (cursor.type.isError) {
      firstError ??= cursor.node;
    } else if (cursor.name === 'PrintStatement' && !cursor.node.firstChild?.nextSibling?.type.isError) {
      problems.push({ kind: 'invalid', position: cursor.from, what: 'a Python 2 print statement' });
    } else if (cursor.name === 'TryStatement') {
      const comma = python2Except(cursor.node);
      if (comma !== undefined)
        problems.push({ kind: 'invalid', position: comma, what: 'a Python 2 `except X, e:` clause' });
    }
  } while (cursor.next());
  if (firstError) {
    const construct = parserGap(firstError, text);
    problems.push(
      construct === undefined
        ? { kind: 'invalid', position: firstError.from, what: SYNTAX_ERROR }
        : { kind: 'parser-gap', position: firstError.from, construct },
    );
  }
  const invalid = problems.filter((problem) => problem.kind === 'invalid');
  const candidates = invalid.length > 0 ? invalid : problems;
  return candidates.sort((a, b) => a.position - b.position)[0] ?? VALID;
}

/** `except ValueError, e:`: a comma right after the exception type, outside brackets. */
function python2Except(node: SyntaxNode): number | undefined {
  let afterExcept = false;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name === 'except') afterExcept = true;
    else if (child.name === 'Body') afterExcept = false;
    else if (afterExcept && child.name === ',') return child.from;
  }
  return undefined;
}

/**
 * The valid construct the parser (lezer-python 1.1) cannot read that this error sits in, if
 * it is one of those known: each was checked to parse in CPython 3.12+ and fail in lezer.
 */
function parserGap(error: SyntaxNode, text: string): string | undefined {
  const before = error.prevSibling;
  if (before?.name === 'yield') return 'a bare `yield` used as a value (`x = yield`)';
  if (
    error.from > 0 &&
    /(?:^|[^\w])(?:[tT][rR]?|[rR][tT])$/.test(text.slice(Math.max(0, error.from - 3), error.from))
  )
    if (/["']/.test(text.charAt(error.from))) return 'a template string (t"...", PEP 750)';
  for (let node = error.parent; node; node = node.parent) {
    // Not up to node.to: where the parser gave up, the node may end before the construct does.
    const header = text.slice(node.from, node.from + 400);
    switch (node.name) {
      case 'PrintStatement':
        // `print = 3`, `print >> f`: Python 3's print is a plain name; lezer reads a Python 2
        // statement.
        return /^print\s*(?:=[^=]|>>|(?:if|else|in|is|and|or|not|for)\b)/.test(header)
          ? 'the name `print` in an expression or assignment'
          : undefined;
      case 'Decorator':
        // lezer reads `@dotted.name` and `@dotted.name(...)` only; PEP 614 allows any expression.
        return /^@\s*\(|\[|\)\s*[.([]/.test(header.split('\n')[0]!)
          ? 'a decorator that is not a dotted name or a call of one (PEP 614)'
          : undefined;
      case 'WithStatement':
        return /^(?:async\s+)?with\s*\(|\bas\s*[([]/.test(header)
          ? 'parenthesised context managers (`with (a() as b, c() as d):`) or a tuple target'
          : undefined;
      case 'LambdaExpression':
        return /^lambda[^:]*\//.test(header) ? 'a lambda with positional-only parameters' : undefined;
      case 'MemberExpression':
        return text.charAt(error.from) === '*' && before?.name === '['
          ? 'a starred expression in a subscript (`a[*b]`, PEP 646)'
          : undefined;
      case 'Body':
      case 'Script':
        return undefined;
      default:
    }
  }
  return undefined;
}
