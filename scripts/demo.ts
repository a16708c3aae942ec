// The README's demo: runs the committed action bundles the way the GitHub runner does (INPUT_*
// variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files) over examples/, against the test
// suite's fake Prefect API on 127.0.0.1, and prints each job summary.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakePrefect } from '../test/fake-prefect/index.js';

const repoRoot = join(import.meta.dirname, '..');
const scratch = mkdtempSync(join(tmpdir(), 'portal-demo-'));
const commit = 'd3adb33fd3adb33fd3adb33fd3adb33fd3adb33f';

async function runAction(
  action: string,
  inputs: Record<string, string>,
  title: string,
): Promise<Record<string, string>> {
  const output = join(scratch, `${action}-output`);
  const summary = join(scratch, `${action}-summary.md`);
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_WORKSPACE: repoRoot,
    GITHUB_REPOSITORY: 'acme/portal-actions',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: commit,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_OUTPUT: output,
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: scratch,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  console.log(`\n\x1b[1m▶ ${title}\x1b[0m  (actions/${action}/dist/index.js)`);
  // Asynchronously: the fake Prefect API answers from this process's event loop.
  const child = spawn(process.execPath, [join(repoRoot, 'actions', action, 'dist', 'index.js')], {
    cwd: repoRoot,
    env,
  });
  let printed = '';
  child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const status = await new Promise<number | null>((done) => child.on('close', done));
  const log = printed
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('::add-mask::'))
    .map((line) => `  │ ${line}`)
    .join('\n');
  if (log) console.log(log);
  console.log(readFileSync(summary, 'utf8'));
  if (status !== 0) throw new Error(`${action} exited with ${status}`);
  const outputs: Record<string, string> = {};
  const text = readFileSync(output, 'utf8');
  for (const match of text.matchAll(/^(.+?)<<(ghadelimiter_[\w-]+)\n([\s\S]*?)\n\2$/gm))
    outputs[match[1]!] = match[3]!;
  return outputs;
}

const prefect = await startFakePrefect();
try {
  prefect.addWorkPool('local-pool', 'process');
  const connection = { 'prefect-api-url': prefect.url };
  const project = { root: 'examples', config: 'examples/.acme-portal.yml' };
  const found = await runAction('find-flows', project, 'find-flows over examples/');
  console.log(`  outputs: count=${found.count} names=${found.names}`);
  await runAction(
    'deploy',
    { ...project, env: 'dev', 'dry-run': 'true', ...connection },
    'deploy to dev, dry run (the plan)',
  );
  await runAction('deploy', { ...project, env: 'dev', ...connection }, 'deploy to dev');
  await runAction(
    'deploy',
    { ...project, env: 'dev', ...connection },
    'deploy to dev again (nothing changed)',
  );
  await runAction(
    'promote',
    {
      config: project.config,
      'source-env': 'dev',
      'target-env': 'prod',
      'expected-commit': commit.slice(0, 12),
      ...connection,
    },
    'promote dev → prod',
  );
  await runAction(
    'find-flows',
    { ...project, 'with-deployments': 'true', ...connection },
    'find-flows with deployments (the portal view)',
  );
  console.log(`Fake Prefect answered ${prefect.requests.length} requests in all.`);
} finally {
  await prefect.close();
  rmSync(scratch, { recursive: true, force: true });
}
