// Environment variables given as text, by the `env-vars` input or printed by `env-vars-command`:
// dotenv (`KEY=VALUE`) or a YAML/JSON mapping, every bad line reported with its line number.
import { isMap, isScalar, type Pair } from 'yaml';
import { ConfigurationError } from '../errors/portal-error.js';
import { collected } from '../config/collected-errors.js';
import { locate, parseYaml } from '../config/yaml-source.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME_RULE = 'letters, digits and _, not starting with a digit';

/**
 * Parses `text` (labelled `label` in errors, e.g. "the env-vars input") into variables.
 * The format is told by the first line that is neither blank nor a `#` comment: `{` or
 * `KEY: value` is YAML/JSON; `KEY=value` (optionally `export KEY=value`) is dotenv. Values are
 * literal: `${X}` is not expanded. Throws a ConfigurationError or an AggregatePortalError.
 */
export function parseEnvVars(text: string, label: string): Record<string, string> {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (first === -1) return {};
  const line = lines[first]!.trim();
  if (/^(export\s+)?[^\s=:]+\s*=/.test(line)) return parseDotenv(lines, label);
  if (line.startsWith('{') || line.startsWith('---') || /^[^\s=]+\s*:/.test(line))
    return parseMapping(text, label);
  throw new ConfigurationError(
    `${label}: expected KEY=VALUE lines (dotenv) or a YAML/JSON mapping, got "${line}".`,
    {
      location: { file: label, line: first + 1 },
    },
  );
}

/** Backslash escapes of double-quoted dotenv values; any other backslash is kept as written. */
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };

function unescapeDouble(value: string): string {
  return value.replace(/\\(.)/gs, (whole, next: string) => ESCAPES[next] ?? whole);
}

/** Index of the quote closing a value that starts with `quote` at index 0, or -1. */
function closingQuote(value: string, quote: string): number {
  for (let index = 1; index < value.length; index += 1) {
    if (quote === '"' && value[index] === '\\') {
      index += 1;
      continue;
    }
    if (value[index] === quote) return index;
  }
  return -1;
}

function parseDotenv(lines: string[], label: string): Record<string, string> {
  // A Map, then Object.fromEntries: any name, `__proto__` too, becomes an own property.
  const vars = new Map<string, string>();
  const errors: ConfigurationError[] = [];
  const fail = (line: number, message: string) =>
    errors.push(
      new ConfigurationError(`${label} line ${line}: ${message}.`, { location: { file: label, line } }),
    );

  for (let index = 0; index < lines.length; index += 1) {
    const lineNumber = index + 1;
    const line = lines[index]!;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const entry = /^\s*(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/s.exec(line);
    if (!entry) {
      fail(lineNumber, `expected KEY=VALUE, got "${line.trim()}"`);
      continue;
    }
    const [, name, rest] = entry as unknown as [string, string, string];
    if (!NAME.test(name)) fail(lineNumber, `"${name}" is not a variable name (${NAME_RULE})`);

    const quote = rest[0];
    if (quote !== '"' && quote !== "'") {
      // Unquoted: ` #` starts a comment, as in docker and python-dotenv.
      vars.set(name, rest.replace(/\s+#.*$/, '').trim());
      continue;
    }
    // A quoted value may run over several lines (certificates, keys).
    let value = rest;
    let end = closingQuote(value, quote);
    while (end === -1 && index + 1 < lines.length) {
      index += 1;
      value += `\n${lines[index]}`;
      end = closingQuote(value, quote);
    }
    if (end === -1) {
      fail(lineNumber, `the ${quote === '"' ? 'double' : 'single'} quote opened here is never closed`);
      continue;
    }
    const after = value.slice(end + 1).trim();
    if (after !== '' && !after.startsWith('#')) {
      fail(index + 1, `unexpected text after the closing quote: "${after}"`);
      continue;
    }
    const inner = value.slice(1, end);
    vars.set(name, quote === '"' ? unescapeDouble(inner) : inner);
  }
  if (errors.length > 0) throw collected(errors, label);
  return Object.fromEntries(vars);
}

function parseMapping(text: string, label: string): Record<string, string> {
  const parsed = parseYaml(text, label);
  if ('errors' in parsed) throw collected(parsed.errors, label);
  const { source } = parsed;
  const root = source.document.contents;
  if (!isMap(root)) {
    throw new ConfigurationError(`${label} must be a mapping of NAME: value.`, {
      location: { file: label, line: 1, column: 1 },
    });
  }
  const vars = new Map<string, string>();
  const errors: ConfigurationError[] = [];
  for (const pair of root.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const fail = (target: 'key' | 'value', message: string) =>
      errors.push(
        new ConfigurationError(`${label}: ${message}.`, { location: locate(source, [key], target) }),
      );
    if (!NAME.test(key)) {
      fail('key', `"${key}" is not a variable name (${NAME_RULE})`);
      continue;
    }
    const value = isScalar(pair.value) ? pair.value.value : pair.value;
    if (value === null || value === undefined) {
      fail('value', `${key} has no value; write "" for an empty value`);
    } else if (typeof value === 'string') {
      vars.set(key, value);
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      // As written: `PYTHON_VERSION: 3.10` is "3.10", not 3.1.
      vars.set(key, (isScalar(pair.value) && pair.value.source) || String(value));
    } else {
      fail('value', `${key} must be a string, not a list or mapping`);
    }
  }
  if (errors.length > 0) throw collected(errors, label);
  return Object.fromEntries(vars);
}
