// Prefect's `{{ ... }}` templates in prefect.yaml values, told apart as Prefect tells them apart
// (src/prefect/utilities/templating): environment variables, variables, blocks, step outputs.

/** Prefect's own pattern: `{{ name }}` with word characters, `.`, `-`, `[`, `]` and `$`. */
const TEMPLATE = /\{\{\s*([\w.\-[\]$]+)\s*\}\}/g;

export type TemplateKind = 'env' | 'variable' | 'block' | 'step' | 'runtime';

export interface TemplateUse {
  kind: TemplateKind;
  /** As written, `{{ $HOME }}`. */
  token: string;
  /** The name inside the braces, `$HOME`, `prefect.variables.x`, `build-image.image`. */
  name: string;
}

function kindOf(name: string): TemplateKind {
  if (name.startsWith('$')) return 'env';
  if (name.startsWith('prefect.variables.')) return 'variable';
  if (name.startsWith('prefect.blocks.')) return 'block';
  // Kept by `prefect deploy` for the worker to fill at run time.
  if (name.startsWith('ctx.')) return 'runtime';
  return 'step';
}

export function templatesIn(text: string): TemplateUse[] {
  return [...text.matchAll(TEMPLATE)].map((match) => ({
    kind: kindOf(match[1]!),
    token: match[0],
    name: match[1]!,
  }));
}

/** Every template anywhere in a parsed value, with the path of the string holding it. */
export function templatesInValue(
  value: unknown,
  path: readonly PropertyKey[] = [],
): { path: PropertyKey[]; use: TemplateUse }[] {
  if (typeof value === 'string') return templatesIn(value).map((use) => ({ path: [...path], use }));
  if (Array.isArray(value)) return value.flatMap((item, index) => templatesInValue(item, [...path, index]));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => templatesInValue(item, [...path, key]));
  return [];
}

/**
 * A value with `{{ $NAME }}` rewritten as our `${NAME}` (and a literal `${` escaped as `$${`), or
 * null when it holds any other template: those Prefect resolves on the deploying machine.
 */
export function envTemplateToConfig(text: string): string | null {
  const uses = templatesIn(text);
  if (uses.some((use) => use.kind !== 'env')) return null;
  let result = '';
  let last = 0;
  for (const match of text.matchAll(TEMPLATE)) {
    result += text.slice(last, match.index).replace(/\$\{/g, () => '$${');
    result += `\${${match[1]!.slice(1)}}`;
    last = match.index + match[0].length;
  }
  return result + text.slice(last).replace(/\$\{/g, () => '$${');
}

export const TEMPLATE_REASONS: Record<TemplateKind, string> = {
  env: 'an environment variable of the machine that ran `prefect deploy`, read there at deploy time',
  variable: 'a Prefect variable, read by `prefect deploy` at deploy time',
  block: 'a Prefect block, read by `prefect deploy` at deploy time',
  step: 'the output of a build or push step, which only exists while `prefect deploy` runs',
  runtime: 'a value the worker fills in at run time',
};
