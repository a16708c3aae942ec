// `${VAR}` in the config's `env` values, read from the environment map the runner passes in
// (never process.env here): secrets stay in GitHub, the config only names them.

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type TemplatePart = { text: string } | { variable: string; token: string };

/** `value` split into literal text and `${NAME}` references; `$${` is a literal `${`. */
export function parseEnvTemplate(
  value: string,
): { parts: TemplatePart[] } | { problem: string; token: string } {
  const parts: TemplatePart[] = [];
  let text = '';
  let index = 0;
  while (index < value.length) {
    if (value.startsWith('$${', index)) {
      text += '${';
      index += 3;
      continue;
    }
    if (!value.startsWith('${', index)) {
      text += value[index];
      index += 1;
      continue;
    }
    const end = value.indexOf('}', index + 2);
    if (end === -1) {
      return {
        problem: `"\${" is not closed; write \${NAME}, or $\${ for a literal "\${"`,
        token: value.slice(index),
      };
    }
    const token = value.slice(index, end + 1);
    const variable = value.slice(index + 2, end);
    if (!NAME.test(variable)) {
      return {
        problem: `${token} is not a variable reference; write \${NAME} with letters, digits and _ (defaults like \${A:-b} are not supported), or $\${ for a literal "\${"`,
        token,
      };
    }
    if (text !== '') parts.push({ text });
    text = '';
    parts.push({ variable, token });
    index = end + 1;
  }
  if (text !== '') parts.push({ text });
  return { parts };
}

export interface Interpolated {
  value: string;
  /** Values read from variables, to be masked in logs. */
  secrets: string[];
  /** Referenced variables the map does not have, with their tokens. */
  missing: { variable: string; token: string }[];
}

export function interpolate(parts: TemplatePart[], env: Record<string, string | undefined>): Interpolated {
  const secrets: string[] = [];
  const missing: Interpolated['missing'] = [];
  let value = '';
  for (const part of parts) {
    if ('text' in part) {
      value += part.text;
      continue;
    }
    const found = env[part.variable];
    if (found === undefined) {
      missing.push({ variable: part.variable, token: part.token });
      continue;
    }
    value += found;
    if (found !== '') secrets.push(found);
  }
  return { value, secrets, missing };
}
