// `acme-portal --help` and `acme-portal <command> --help`, laid out from the generated manifests:
// the same names, defaults and descriptions as the action's inputs and the tables of docs/cli.md.
import type { ActionManifest } from '../action-manifest.js';
import type { ActionCommand } from '../commands/action-command.js';
import { manualPage } from '../manual.js';
import { flagSpecs } from './flag-specs.js';

const WIDTH = 100;

/** Words wrapped to `width`, each line after the first indented by `indent` spaces. */
function wrap(text: string, width: number, indent: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

/** Backticks mark code in the manifests (Markdown); a terminal shows the text alone. */
const plain = (text: string) => text.replace(/`/g, '');

const COMMON = [
  ['--json', 'Print the outputs as one JSON object on stdout instead of the tables.'],
  ['-h, --help', 'Show this help.'],
] as const;

const FACTS =
  'Branch and commit come from git (`git rev-parse`) unless --branch / --commit-sha give them; paths are ' +
  'relative to the repository root (`git rev-parse --show-toplevel`). The Prefect connection comes from ' +
  "the flags, then the config's environments.<env>.prefect, then PREFECT_API_URL, PREFECT_API_KEY and " +
  'PREFECT_API_AUTH_STRING.';

const EXIT_CODES =
  'Exit codes: 0 done; 1 some deployments failed (the others were written); 2 a usage or configuration ' +
  'error (nothing written); 3 Prefect unreachable or refusing the credentials.';

export function commandHelp(command: ActionCommand, manifest: ActionManifest): string {
  const flags = flagSpecs(manifest, command.aliases);
  const rows = flags.map((flag) => {
    const names = [flag.name, ...flag.aliases].map((name) => `--${name}`).join(', ');
    const left = flag.boolean ? names : `${names} <value>`;
    const extras = [flag.required ? 'required' : '', flag.default ? `default: ${flag.default}` : '']
      .filter(Boolean)
      .join('; ');
    return { left, right: `${plain(flag.description)}${extras ? ` (${extras})` : ''}` };
  });
  const all = [...rows, ...COMMON.map(([left, right]) => ({ left, right }))];
  const column = Math.min(Math.max(...all.map((row) => row.left.length)) + 2, 38);
  const lines = all.map((row) => {
    const pad =
      row.left.length + 2 > column ? `\n${' '.repeat(column + 2)}` : ' '.repeat(column - row.left.length);
    return `  ${row.left}${pad}${wrap(row.right, WIDTH - column - 2, column + 2)}`;
  });
  const hidden = manifest.inputs.filter((input) => input.githubOnly).map((input) => input.name);
  return [
    `Usage: acme-portal ${command.name} [flags]`,
    '',
    wrap(plain(manifest.description), WIDTH, 0),
    '',
    'Flags:',
    ...lines,
    '',
    ...(hidden.length > 0
      ? [wrap(`Only on GitHub Actions (no flag): ${hidden.join(', ')}.`, WIDTH, 0), '']
      : []),
    wrap(plain(FACTS), WIDTH, 0),
    '',
    wrap(EXIT_CODES, WIDTH, 0),
    '',
    `The command line, GitLab CI and Jenkins: ${manualPage('cli')}`,
    '',
  ].join('\n');
}

export function mainHelp(
  commands: readonly ActionCommand[],
  manifests: Record<string, ActionManifest>,
): string {
  const column = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    'Usage: acme-portal <command> [flags]',
    '',
    'Find, deploy and promote Prefect flows from any shell or CI system, with no Python: the same work',
    'as the acme/portal-actions GitHub Actions, on the same config file.',
    '',
    'Commands:',
    ...commands.map((command) => {
      const manifest = manifests[command.name];
      const summary = manifest ? plain(manifest.description).split(/(?<=\.)\s/)[0]! : '';
      return `  ${command.name.padEnd(column)}${wrap(summary, WIDTH - column - 2, column + 2)}`;
    }),
    '',
    'Run `acme-portal <command> --help` for its flags; `acme-portal --version` prints the version.',
    '',
    wrap(EXIT_CODES, WIDTH, 0),
    '',
    `Manual: ${manualPage('cli')}`,
    '',
  ].join('\n');
}
