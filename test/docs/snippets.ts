// What each example of the manual is, and the command lines in it: a YAML block is a workflow,
// a list of steps, a config file or another tool's file; `acme-portal` lines are cut out as words.
import { parseDocument, visit } from 'yaml';
import type { CodeBlock } from './markdown.js';

export type YamlKind = 'workflow' | 'steps' | 'config' | 'other';

/** Parsed YAML of a block, or the parser's first error. */
export function readYaml(block: CodeBlock): { value: unknown; error: string | null; strings: string[] } {
  const document = parseDocument(block.body);
  const strings: string[] = [];
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === 'string') strings.push(node.value);
    },
  });
  const error = document.errors[0]?.message ?? null;
  return { value: error === null ? document.toJS() : undefined, error, strings };
}

const PREFECT_YAML_KEYS = ['prefect-version', 'build', 'push', 'pull'];

/**
 * A workflow has `jobs:`; a list is the steps of a job; a GitLab CI file (a job with `script:`)
 * and a prefect.yaml (`deployments:` as a list, build/push/pull steps) are another tool's; the
 * rest is our config file (or the SDK's, which the config reader recognises itself).
 */
export function yamlKind(value: unknown, markers: readonly string[]): YamlKind {
  if (markers.includes('other')) return 'other';
  if (Array.isArray(value)) return 'steps';
  if (value === null || typeof value !== 'object') return 'config';
  const mapping = value as Record<string, unknown>;
  if ('jobs' in mapping) return 'workflow';
  const gitlabJob = Object.values(mapping).some(
    (entry) => entry !== null && typeof entry === 'object' && 'script' in (entry as object),
  );
  if (gitlabJob || 'stages' in mapping) return 'other';
  if (Array.isArray(mapping.deployments) || PREFECT_YAML_KEYS.some((key) => key in mapping)) return 'other';
  return 'config';
}

/** `${NAME}` references of a config snippet, so that the check can give each a value. */
export function variablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(/(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((match) => match[1]!))];
}

/** A list of steps as a workflow GitHub's parser accepts. */
export function stepsAsWorkflow(body: string): string {
  const steps = body
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
  return `on: workflow_dispatch\npermissions: {}\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${steps}\n`;
}

/** A workflow shown without its trigger (`jobs:` alone) gets one, so the parser can read it. */
export function withTrigger(body: string, value: Record<string, unknown>): string {
  return 'on' in value ? body : `on: workflow_dispatch\npermissions: {}\n${body}`;
}

export interface CommandLine {
  /** What follows `acme-portal` (or `node cli/dist/index.js`), split into words as a shell would. */
  words: string[];
  text: string;
}

const PROGRAM = /(?:^|[\s'"(])(?:acme-portal|(?:node\s+)?cli\/dist\/index\.js)(?=\s|$)/g;

/** Shell words up to the end of the command: an unquoted `|`, `;`, `&`, `>`, `)`, a comment or an unclosed quote. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let index = 0;
  const push = () => {
    if (word !== null) words.push(word);
    word = null;
  };
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      push();
      index += 1;
    } else if (char === "'" || char === '"') {
      const close = text.indexOf(char, index + 1);
      if (close < 0) break;
      word = (word ?? '') + text.slice(index + 1, close);
      index = close + 1;
    } else if ('|;&>)<'.includes(char) || (char === '#' && word === null)) {
      break;
    } else {
      word = (word ?? '') + char;
      index += 1;
    }
  }
  push();
  return words;
}

/**
 * Command lines written inline in the prose (`acme-portal deploy --env dev`): those with at least
 * one flag. A command named alone is a name, not a line to run; `…`, `<…>` and `a\|b` are
 * placeholders.
 */
export function inlineCommandLines(prose: readonly string[]): CommandLine[] {
  const lines: CommandLine[] = [];
  for (const line of prose) {
    for (const match of line.matchAll(/`(acme-portal [^`]*)`/g)) {
      const text = match[1]!;
      if (/…|<|\\\|/.test(text)) continue;
      const words = shellWords(text.slice('acme-portal '.length));
      if (words.slice(1).some((word) => word.startsWith('--'))) lines.push({ words, text });
    }
  }
  return lines;
}

/** The command lines of a block: YAML strings one by one, shell lines joined at a trailing `\`. */
export function commandLines(block: CodeBlock): CommandLine[] {
  if (block.markers.includes('partial') || block.language === 'text' || block.language === '') return [];
  const units =
    block.language === 'yaml' || block.language === 'yml'
      ? readYaml(block).strings
      : block.body
          .replace(/\\\n\s*/g, ' ')
          .split('\n')
          .filter((line) => !/^\s*(#|\/\/)/.test(line));
  const lines: CommandLine[] = [];
  for (const unit of units) {
    for (const match of unit.matchAll(PROGRAM)) {
      const words = shellWords(unit.slice(match.index + match[0].length));
      if (words.length > 0) lines.push({ words, text: unit.trim() });
    }
  }
  return lines;
}
