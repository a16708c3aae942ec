// Runs the `env-vars-command` input (a secrets-store CLI, say) and returns what it printed,
// never echoing it: its output is environment variables, often secret.
import * as exec from '@actions/exec';
import { ConfigurationError } from '@portal-actions/core';

export async function runEnvVarsCommand(command: string, cwd: string): Promise<string> {
  let result: exec.ExecOutput;
  try {
    result = await exec.getExecOutput('bash', ['-eo', 'pipefail', '-c', command], {
      cwd,
      silent: true,
      ignoreReturnCode: true,
    });
  } catch (error) {
    throw new ConfigurationError(`\`env-vars-command\` could not be started: ${(error as Error).message}.`, {
      hint: 'Check that the command and its interpreter exist on the runner.',
    });
  }
  if (result.exitCode !== 0) {
    const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
    throw new ConfigurationError(
      `\`env-vars-command\` exited with code ${result.exitCode}.${tail ? `\n${tail}` : ''}`,
      {
        hint: 'Run the command locally to see why it fails; its standard output must be dotenv lines or a YAML mapping.',
      },
    );
  }
  return result.stdout;
}
