// The command line: picks the subcommand, turns its flags into the action's inputs (the same zod
// schema), reads the run's facts from git, runs the action's code, prints and decides the exit code.
import { failureMessage, setSecretSink, type InputNaming } from '@portal-actions/runner';
import { COMMANDS, findCommand } from './commands/index.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { flagSpecs } from './flags/flag-specs.js';
import { commandHelp, mainHelp } from './flags/help-text.js';
import { parseArgv } from './flags/parse-argv.js';
import { ACTION_MANIFESTS } from './generated/action-manifests.js';
import { machineFacts } from './machine-facts.js';
import { cliProgress } from './output/cli-progress.js';
import { SecretRedactor } from './output/secret-redaction.js';
import { renderMarkdownForTerminal } from './output/terminal-markdown.js';
import { terminalStyle, wantsColor } from './output/terminal-style.js';
import { UsageError } from './usage-error.js';
import { CLI_VERSION } from './version.js';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function cliNaming(command: string): InputNaming {
  return {
    name: (input) => `--${input}`,
    title: 'Invalid flag',
    hint: `Run \`acme-portal ${command} --help\` for its flags.`,
  };
}

/** Every command's manifest: generated from action.yml, or the command's own. */
function commandManifests() {
  return {
    ...ACTION_MANIFESTS,
    ...Object.fromEntries(
      COMMANDS.flatMap((command) => (command.manifest ? [[command.name, command.manifest]] : [])),
    ),
  };
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const redactor = new SecretRedactor();
  // From here on a secret the runner code meets is masked in everything printed.
  setSecretSink((secret) => redactor.add(secret));
  const out = (text: string) => io.stdout.write(redactor.redact(text));
  const err = (text: string) => io.stderr.write(redactor.redact(text));
  const outStyle = terminalStyle(wantsColor(io.stdout, io.env));
  const errStyle = terminalStyle(wantsColor(io.stderr, io.env));

  const [name, ...args] = argv;
  if (name === undefined) {
    err(mainHelp(COMMANDS, commandManifests()));
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    out(mainHelp(COMMANDS, commandManifests()));
    return EXIT.done;
  }
  if (name === '--version' || name === '-v') {
    out(`${CLI_VERSION}\n`);
    return EXIT.done;
  }
  try {
    const command = findCommand(name);
    if (!command) {
      throw new UsageError(
        `Unknown command "${name}": acme-portal runs ${COMMANDS.map((each) => each.name).join(', ')}.`,
        { hint: 'Run `acme-portal --help`.' },
      );
    }
    const manifest = command.manifest ?? ACTION_MANIFESTS[command.name];
    if (!manifest) throw new Error(`No generated manifest for ${command.name}: run \`pnpm docs:tables\`.`);
    const parsed = parseArgv(command.name, args, manifest, flagSpecs(manifest, command.aliases));
    if (parsed.common.help) {
      out(commandHelp(command, manifest));
      return EXIT.done;
    }
    // The inputs first: a bad flag is reported before git or Prefect are asked anything.
    const inputs = command.parse(parsed.raw, cliNaming(command.name));
    const github = await machineFacts(io.cwd, command.facts, {
      branch: (parsed.raw.branch ?? '').trim(),
      commit: (parsed.raw['commit-sha'] ?? '').trim(),
    });
    const progress = cliProgress((line) => err(`${line}\n`), errStyle, io.env);
    const result = await command.run(inputs, { github, env: io.env, progress });
    if (parsed.common.json) out(`${JSON.stringify(result.outputs, null, 2)}\n`);
    else out(renderMarkdownForTerminal(result.summary, outStyle));
    for (const problem of result.problems ?? []) err(`${errStyle.red('error:')} ${problem.trimEnd()}\n`);
    if (result.failed > 0) {
      err(
        `${errStyle.red('error:')} ${result.failed} failed; ${result.dryRun ? 'nothing was written (dry run)' : 'the others were written'} (see the errors above).\n`,
      );
    }
    if (result.failed > 0 || (result.problems ?? []).length > 0) return EXIT.failed;
    return EXIT.done;
  } catch (error) {
    err(`${errStyle.red('error:')} ${failureMessage(error)}\n`);
    return exitCodeFor(error);
  }
}
