// Parses a module's text with @lezer/python, minus one guard of the parser that calls valid
// Python broken: the scanner's only way into lezer for whole modules.
import type { Tree } from '@lezer/common';
import { parser } from '@lezer/python';

/**
 * The private counter behind @lezer/lr's guard against left-recursive trees too deep to walk
 * (`Rec.MaxLeftAssociativeReductionCount`: 300 reductions over 2,000 characters from one
 * start). It also counts every skipped blank or comment-only line after a simple statement, so
 * a block with 300 of them (a settings module, 400 one-line functions after body pruning) ends
 * in a forced syntax error; so does a valid 2,000-term `a + b + ...`.
 */
interface GuardCounter {
  bigReductionCount?: unknown;
}

/**
 * Nodes nested deeper than this are not trusted: @lezer/common flattens what lies below depth
 * 2,500 into one buffer of leaves (`CutOff.Depth`), losing its structure.
 */
const MAX_TRUSTED_DEPTH = 2400;

export interface ParsedModule {
  tree: Tree;
  /**
   * The module holds an expression nested thousands deep (CPython accepts about 3,000
   * operands in a chain), beyond what lezer can build: the tree comes from the guarded parse,
   * whose errors say nothing about Python.
   */
  tooDeep: boolean;
}

/** The syntax tree of a whole module, parsed with the guard's counter cleared before every step. */
export function parsePythonModule(text: string): ParsedModule {
  let tree: Tree | null = null;
  try {
    const parse = parser.startParse(text);
    const guard = parse as GuardCounter;
    while (!tree) {
      if (typeof guard.bigReductionCount === 'number') guard.bigReductionCount = 0;
      tree = parse.advance();
    }
  } catch (error) {
    // lezer builds trees recursively: a deep enough one overflows the stack.
    if (!(error instanceof RangeError)) throw error;
  }
  if (tree && !deeperThan(tree, MAX_TRUSTED_DEPTH)) return { tree, tooDeep: false };
  return { tree: parser.parse(text), tooDeep: true };
}

function deeperThan(tree: Tree, limit: number): boolean {
  let depth = 0;
  let deeper = false;
  tree.iterate({
    enter: () => {
      depth += 1;
      if (depth > limit) deeper = true;
      return !deeper;
    },
    leave: () => {
      depth -= 1;
    },
  });
  return deeper;
}
