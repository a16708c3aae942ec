// The values of Python literal tokens (strings, numbers) as CPython would compute them, so
// docstrings, flow names and parameter defaults read from source match what Prefect sees.

export type StringLiteral = { kind: 'str'; value: string } | { kind: 'bytes'; value: string };

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * The value of one string token (`"x"`, `r'''y'''`, `b"z"`). Undefined for f-strings and for
 * tokens that are not complete strings: their value is not known before run time.
 * Bytes come back as their latin-1 text. `\N{...}` escapes are kept as written (a name table
 * would cost more than these rare escapes are worth).
 */
export function decodeStringToken(token: string): StringLiteral | undefined {
  let prefixEnd = 0;
  while (prefixEnd < token.length && /[rRuUbBfF]/.test(token[prefixEnd]!)) prefixEnd += 1;
  const prefix = token.slice(0, prefixEnd).toLowerCase();
  if (prefix.includes('f')) return undefined;
  const rest = token.slice(prefixEnd);
  const quote = rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.slice(0, 1);
  if ((quote !== '"' && quote !== "'" && quote.length !== 3) || rest.length < quote.length * 2)
    return undefined;
  if (!rest.endsWith(quote)) return undefined;
  const body = rest.slice(quote.length, rest.length - quote.length);
  const bytes = prefix.includes('b');
  const value = prefix.includes('r') ? body : unescape(body, bytes);
  return bytes ? { kind: 'bytes', value } : { kind: 'str', value };
}

function unescape(body: string, bytes: boolean): string {
  if (!body.includes('\\')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      i += 1;
      continue;
    }
    const next = body[i + 1]!;
    if (next === '\n') {
      i += 2;
      continue;
    }
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 2;
      continue;
    }
    if (next >= '0' && next <= '7') {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(digits, 8));
      i += 1 + digits.length;
      continue;
    }
    const hexLength = next === 'x' ? 2 : !bytes && next === 'u' ? 4 : !bytes && next === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const digits = body.slice(i + 2, i + 2 + hexLength);
      if (digits.length === hexLength && /^[0-9a-fA-F]+$/.test(digits)) {
        const code = parseInt(digits, 16);
        if (code <= 0x10ffff) {
          out += String.fromCodePoint(code);
          i += 2 + hexLength;
          continue;
        }
      }
    }
    // Unknown escapes keep their backslash, as CPython does.
    out += ch + next;
    i += 2;
  }
  return out;
}

/**
 * The value of a number token, or undefined when JSON cannot hold it exactly: imaginary
 * numbers, and integers beyond 2^53 (CPython keeps them exact; a JS number would not).
 */
export function decodeNumberToken(token: string): number | undefined {
  const text = token.replace(/_/g, '');
  if (/[jJ]$/.test(text)) return undefined;
  let value: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) value = parseInt(text.slice(2), 16);
  else if (/^0[oO][0-7]+$/.test(text)) value = parseInt(text.slice(2), 8);
  else if (/^0[bB][01]+$/.test(text)) value = parseInt(text.slice(2), 2);
  else if (/^\d+$/.test(text)) value = parseInt(text, 10);
  else if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    const float = Number(text);
    return Number.isFinite(float) ? float : undefined;
  } else return undefined;
  return Number.isSafeInteger(value) ? value : undefined;
}
