// Writes the job summary. By then the work is done: a summary that cannot be written (no
// GITHUB_STEP_SUMMARY outside a runner) is a warning, never a failed step.
import * as core from '@actions/core';

export async function writeJobSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.warning(`The job summary could not be written: ${(error as Error).message}`);
    core.info(markdown);
  }
}
