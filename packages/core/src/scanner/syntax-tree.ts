// Small readers over @lezer/python syntax nodes: children without punctuation, dotted names,
// and the JSON value of a literal expression (what Prefect would put in a schema default).
import type { SyntaxNode } from '@lezer/common';
import { decodeNumberToken, decodeStringToken } from './python-literal.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', ';']);

export function childNodes(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

/** Children that carry meaning: no brackets, commas, colons, dots or comments. */
export function meaningfulChildren(node: SyntaxNode): SyntaxNode[] {
  return childNodes(node).filter((child) => !PUNCTUATION.has(child.name) && child.name !== 'Comment');
}

const NON_ASCII = /[^\p{ASCII}]/u;

/**
 * The node's source text. Identifiers are NFKC-normalised, as Python reads them (PEP 3131):
 * `ﬁle_flow` and `file_flow` are one name.
 */
export function nodeText(node: SyntaxNode, source: string): string {
  const text = source.slice(node.from, node.to);
  if ((node.name === 'VariableName' || node.name === 'PropertyName') && NON_ASCII.test(text))
    return text.normalize('NFKC');
  return text;
}

/** `a.b.c` as ["a", "b", "c"] for a VariableName or a MemberExpression of property names. */
export function dottedName(node: SyntaxNode, source: string): string[] | undefined {
  if (node.name === 'VariableName') return [nodeText(node, source)];
  if (node.name !== 'MemberExpression') return undefined;
  const children = childNodes(node);
  const object = children[0];
  const property = children[2];
  if (!object || children[1]?.name !== '.' || property?.name !== 'PropertyName' || children.length !== 3) {
    return undefined;
  }
  const head = dottedName(object, source);
  return head ? [...head, nodeText(property, source)] : undefined;
}

/** The value of a string token or an implicit concatenation of them; undefined for f-strings. */
export function stringValue(node: SyntaxNode, source: string): string | undefined {
  if (node.name === 'ParenthesizedExpression') {
    const inner = meaningfulChildren(node);
    return inner.length === 1 ? stringValue(inner[0]!, source) : undefined;
  }
  if (node.name === 'String') {
    const literal = decodeStringToken(nodeText(node, source));
    return literal?.kind === 'str' ? literal.value : undefined;
  }
  if (node.name !== 'ContinuedString') return undefined;
  let value = '';
  for (const part of childNodes(node)) {
    const piece = part.name === 'String' ? decodeStringToken(nodeText(part, source)) : undefined;
    if (piece?.kind !== 'str') return undefined;
    value += piece.value;
  }
  return value;
}

export type LiteralResult = { ok: true; value: JsonValue } | { ok: false };

const NOT_LITERAL: LiteralResult = { ok: false };

/**
 * The JSON form of a literal expression, as pydantic would serialise the evaluated value:
 * tuples and sets become arrays, bytes become text, dictionary keys become strings.
 */
export function literalValue(node: SyntaxNode, source: string): LiteralResult {
  switch (node.name) {
    case 'Number': {
      const value = decodeNumberToken(nodeText(node, source));
      return value === undefined ? NOT_LITERAL : { ok: true, value };
    }
    case 'String': {
      const literal = decodeStringToken(nodeText(node, source));
      if (!literal) return NOT_LITERAL;
      // pydantic writes bytes as UTF-8 text; only ASCII bytes are certain to survive that.
      if (literal.kind === 'bytes' && !isAscii(literal.value)) return NOT_LITERAL;
      return { ok: true, value: literal.value };
    }
    case 'ContinuedString': {
      const value = stringValue(node, source);
      return value === undefined ? NOT_LITERAL : { ok: true, value };
    }
    case 'Boolean':
      return { ok: true, value: nodeText(node, source) === 'True' };
    case 'None':
      return { ok: true, value: null };
    case 'UnaryExpression': {
      const [operator, operand] = childNodes(node);
      const sign = operator ? nodeText(operator, source) : '';
      if ((sign !== '-' && sign !== '+') || !operand) return NOT_LITERAL;
      const inner = literalValue(operand, source);
      if (!inner.ok || typeof inner.value !== 'number') return NOT_LITERAL;
      return { ok: true, value: sign === '-' ? -inner.value : inner.value };
    }
    case 'ParenthesizedExpression': {
      const inner = meaningfulChildren(node);
      return inner.length === 1 ? literalValue(inner[0]!, source) : NOT_LITERAL;
    }
    case 'ArrayExpression':
    case 'TupleExpression':
    case 'SetExpression': {
      const items: JsonValue[] = [];
      for (const child of meaningfulChildren(node)) {
        const item = literalValue(child, source);
        if (!item.ok) return NOT_LITERAL;
        items.push(item.value);
      }
      return { ok: true, value: node.name === 'SetExpression' ? [...new Set(items)] : items };
    }
    case 'DictionaryExpression': {
      const parts = meaningfulChildren(node);
      if (parts.length % 2 !== 0) return NOT_LITERAL;
      // Python keys 1, 1.0 and True are one key: the first spelling stays, the last value wins.
      const entries = new Map<string, { key: string; value: JsonValue }>();
      for (let i = 0; i < parts.length; i += 2) {
        const key = literalValue(parts[i]!, source);
        const item = literalValue(parts[i + 1]!, source);
        if (!key.ok || !item.ok || (typeof key.value === 'object' && key.value !== null)) return NOT_LITERAL;
        const identity =
          typeof key.value === 'string' ? `s:${key.value}` : `v:${String(Number(key.value ?? NaN))}`;
        const existing = entries.get(identity);
        entries.set(identity, { key: existing?.key ?? dictionaryKey(key.value), value: item.value });
      }
      const value: Record<string, JsonValue> = {};
      for (const entry of entries.values()) value[entry.key] = entry.value;
      return { ok: true, value };
    }
    default:
      return NOT_LITERAL;
  }
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** pydantic's text for a non-string dictionary key. */
function dictionaryKey(key: null | boolean | number | string): string {
  if (key === null) return 'None';
  return String(key);
}
