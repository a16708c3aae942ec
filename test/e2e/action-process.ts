// Runs an action's committed bundle (actions/<name>/dist/index.js) as the GitHub Actions runner
// does: a node process with INPUT_* variables (action.yml defaults filled in), GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY files, and the run's GITHUB_* facts; then reads back what it wrote.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from './example-project.js';

export type ActionName = 'find-flows' | 'deploy' | 'promote' | 'cleanup';

export interface ActionProcessRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Step outputs, parsed from the GITHUB_OUTPUT file. */
  outputs: Record<string, string>;
  /** The job summary the step wrote. */
  summary: string;
  /** Workflow command lines (`::error …`, `::warning …`) the step printed. */
  commands: string[];
}

export interface ActionProcessOptions {
  /** GITHUB_WORKSPACE: the checkout root. */
  workspace: string;
  /** Inputs as written under `with:` in a workflow; unset ones get their action.yml default. */
  inputs: Record<string, string>;
  branch: string;
  commit: string;
  /** Another event than a push of `commit` to `branch`: its name and payload (GITHUB_EVENT_PATH). */
  event?: { name: string; payload: Record<string, unknown> };
  /** More runner variables (GITHUB_API_URL for the fake GitHub, GITHUB_HEAD_REF, ...). */
  env?: Record<string, string>;
}

export function bundlePath(action: ActionName): string {
  return join(REPO_ROOT, 'actions', action, 'dist', 'index.js');
}

/** The `default:` of every input in the public manifest, as the runner passes them. */
function manifestDefaults(action: ActionName): Record<string, string> {
  const manifest = parseYaml(readFileSync(join(REPO_ROOT, action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, { default?: unknown }>;
  };
  return Object.fromEntries(
    Object.entries(manifest.inputs ?? {}).map(([name, input]) => [
      name,
      input.default === undefined ? '' : String(input.default),
    ]),
  );
}

/** GITHUB_OUTPUT holds `name<<DELIMITER`, the value's lines, then `DELIMITER`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const end = lines.indexOf(delimiter!, index + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing ${delimiter} for ${name}`);
      outputs[name!] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

const scratches: string[] = [];

/** Deletes the runner temp folders made so far; test files call it after each scenario. */
export function removeActionScratch(): void {
  for (const folder of scratches.splice(0)) rmSync(folder, { recursive: true, force: true });
}

export async function runActionBundle(
  action: ActionName,
  options: ActionProcessOptions,
): Promise<ActionProcessRun> {
  const bundle = bundlePath(action);
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`pnpm build\` first`);
  // Kept until removeActionScratch(): RUNNER_TEMP holds files the outputs point at (flows-file).
  const scratch = mkdtempSync(join(tmpdir(), `portal-e2e-${action}-`));
  scratches.push(scratch);
  const outputFile = join(scratch, 'output');
  const summaryFile = join(scratch, 'summary');
  const eventFile = join(scratch, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(
    eventFile,
    JSON.stringify(options.event?.payload ?? { ref: `refs/heads/${options.branch}`, after: options.commit }),
  );
  const inputs = { ...manifestDefaults(action), ...options.inputs };
  // Only what a runner sets: nothing of this process's own GITHUB_*/INPUT_* (CI runs inside Actions).
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_NAME: options.event?.name ?? 'push',
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_SHA: options.commit,
    GITHUB_REF: `refs/heads/${options.branch}`,
    GITHUB_REF_NAME: options.branch,
    GITHUB_REPOSITORY: 'acme/portal-actions',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1',
    RUNNER_TEMP: scratch,
    ...options.env,
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [
        `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
        value,
      ]),
    ),
  };
  const { exitCode, stdout, stderr } = await spawnNode(bundle, options.workspace, env);
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    commands: stdout.split('\n').filter((line) => /^::(error|warning|notice)/.test(line)),
  };
}

function spawnNode(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}
