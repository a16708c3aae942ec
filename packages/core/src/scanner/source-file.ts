// Turns a Python file's bytes into text the way CPython would (UTF-8, or the PEP 263 coding
// line), and says cheaply, before any parsing, whether the file could define a Prefect flow.

import { TextDecoder } from 'node:util';

const PREFECT = Buffer.from('prefect');
const FLOW = Buffer.from('flow');

/**
 * A module can only bind Prefect's flow decorator through an import naming `prefect`, and can
 * only apply it through a name or attribute spelled `flow` (an alias is imported as `flow as
 * x`; a star import still leaves `@flow`). Files without both words hold no flow and are not
 * parsed. Not seen, on purpose: re-exports through the project's own modules (`from .deco
 * import flow`), `__import__`/`importlib`, and encodings in which ASCII is not ASCII.
 */
export function mayDefineFlow(bytes: Uint8Array): boolean {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.indexOf(PREFECT) >= 0 && buffer.indexOf(FLOW) >= 0;
}

export type DecodedSource = { ok: true; text: string } | { ok: false; reason: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN_1 = new Set([
  'latin-1',
  'latin1',
  'iso-8859-1',
  'iso8859-1',
  'l1',
  'iso-latin-1',
  'cp819',
  '8859',
]);
const CODING_LINE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** The PEP 263 declaration in the first two lines, if any (the second counts only after a comment or blank line). */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString(
    'latin1',
  );
  const [first = '', second = ''] = head.split(/\r\n|\r|\n/, 2);
  const onFirst = CODING_LINE.exec(first);
  if (onFirst) return onFirst[1];
  if (/^[ \t\f]*(#.*)?$/.test(first)) return CODING_LINE.exec(second)?.[1];
  return undefined;
}

export function decodePythonSource(bytes: Uint8Array): DecodedSource {
  const declared = declaredEncoding(bytes)?.toLowerCase().replace(/_/g, '-');
  const isUtf8 = declared === undefined || /^(utf-?8|utf-8-sig|ascii|us-ascii)$/.test(declared);
  if (isUtf8) {
    try {
      return { ok: true, text: UTF8.decode(bytes) };
    } catch {
      return {
        ok: false,
        reason: declared
          ? `It declares ${declared} but is not valid in it; Python cannot import it.`
          : 'It is not valid UTF-8 and declares no other encoding (PEP 263), so Python cannot import it.',
      };
    }
  }
  // Python's latin-1 is ISO-8859-1 proper; the WHATWG label of that name means windows-1252.
  if (LATIN_1.has(declared)) return { ok: true, text: Buffer.from(bytes).toString('latin1') };
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared, { fatal: true });
  } catch {
    return { ok: false, reason: `It declares the encoding "${declared}", which this scanner cannot read.` };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, reason: `It is not valid ${declared}, the encoding it declares.` };
  }
}
