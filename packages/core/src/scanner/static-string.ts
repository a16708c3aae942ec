// The value of a string expression that needs no running code: literals, f-strings and `+` of
// such parts, and names bound once to one (`FLOW_NAME = "Signals"` ... `@flow(name=FLOW_NAME)`).
import type { SyntaxNode } from '@lezer/common';
import type { NameScope } from './name-scope.js';
import { BRACE_BACKSLASH_MARK } from './body-pruning.js';
import { decodeStringToken } from './python-literal.js';
import { childNodes, meaningfulChildren, nodeText } from './syntax-tree.js';

/** Constants naming constants: deeper than this is a cycle or not worth following. */
const MAX_DEPTH = 16;

/**
 * The string `node` evaluates to at import time, or undefined when that takes running code
 * (a call, an attribute, a name bound more than once, a format spec or `!r`).
 */
export function staticString(
  node: SyntaxNode,
  source: string,
  scope: NameScope,
  depth = 0,
): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (node.name) {
    case 'String': {
      const literal = decodeStringToken(nodeText(node, source));
      return literal?.kind === 'str' ? literal.value : undefined;
    }
    case 'FormatString':
      return formatString(node, source, scope, depth);
    case 'ContinuedString': {
      let value = '';
      for (const part of childNodes(node)) {
        const piece = staticString(part, source, scope, depth);
        if (piece === undefined) return undefined;
        value += piece;
      }
      return value;
    }
    case 'ParenthesizedExpression': {
      const inner = meaningfulChildren(node);
      return inner.length === 1 ? staticString(inner[0]!, source, scope, depth) : undefined;
    }
    case 'BinaryExpression': {
      const [left, operator, right] = childNodes(node);
      if (!left || !right || operator?.name !== 'ArithOp' || nodeText(operator, source) !== '+')
        return undefined;
      const a = staticString(left, source, scope, depth);
      const b = a === undefined ? undefined : staticString(right, source, scope, depth);
      return a === undefined || b === undefined ? undefined : a + b;
    }
    case 'VariableName': {
      const constant = scope.constant(nodeText(node, source));
      return constant ? staticString(constant.value, source, constant.scope, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** `f"{PREFIX} daily"`: literal text (escapes, `{{`) and fields that are static strings. */
function formatString(node: SyntaxNode, source: string, scope: NameScope, depth: number): string | undefined {
  const token = nodeText(node, source);
  // A backslash before a brace: its text is not what the parser was shown, so not resolved.
  if (token.includes(BRACE_BACKSLASH_MARK)) return undefined;
  const prefix = /^[a-zA-Z]*/.exec(token)![0];
  // t-strings (PEP 750) make a Template, not a str.
  if (/t/i.test(prefix)) return undefined;
  const rest = token.slice(prefix.length);
  const quote = rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.slice(0, 1);
  const plainPrefix = prefix.replace(/f/i, '');
  const bodyStart = node.from + prefix.length + quote.length;
  const bodyEnd = node.to - quote.length;
  let value = '';
  let at = bodyStart;
  const literal = (from: number, to: number): string | undefined => {
    const text = source.slice(from, to).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    const decoded = decodeStringToken(`${plainPrefix}${quote}${text}${quote}`);
    return decoded?.kind === 'str' ? decoded.value : undefined;
  };
  for (const field of childNodes(node)) {
    if (field.name === 'Escape') continue; // part of the literal text around it
    if (field.name !== 'FormatReplacement') return undefined;
    const before = literal(at, field.from);
    const parts = meaningfulChildren(field);
    // Only a bare `{expr}`: `!r`, `=` and format specs change the text in ways not reproduced.
    if (before === undefined || parts.length !== 1 || /=\s*\}$/.test(nodeText(field, source)))
      return undefined;
    const piece = staticString(parts[0]!, source, scope, depth);
    if (piece === undefined) return undefined;
    value += before + piece;
    at = field.to;
  }
  const after = literal(at, bodyEnd);
  return after === undefined ? undefined : value + after;
}
