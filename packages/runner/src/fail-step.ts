// Turns whatever stopped an action into a failed step: each PortalError is one annotation, titled
// for a person and on its file and line; anything else is a bug and keeps its stack.
import * as core from '@actions/core';
import { AggregatePortalError, PortalError } from '@portal-actions/core';
import { writeJobSummary } from './job-summary.js';

function annotate(error: PortalError): void {
  const location = error.location;
  // describe() would repeat the location the annotation already points at.
  core.error(error.message + (error.hint ? ` ${error.hint}` : ''), {
    title: error.title,
    ...(location
      ? {
          file: location.file,
          ...(location.line !== undefined ? { startLine: location.line } : {}),
          ...(location.column !== undefined ? { startColumn: location.column } : {}),
        }
      : {}),
  });
}

/** The message the step fails with: plain for a PortalError, with the stack for a bug. */
export function failureMessage(error: unknown): string {
  if (error instanceof AggregatePortalError) {
    return `${error.message}\n${error.errors.map((each) => `  - ${each.describe()}`).join('\n')}`;
  }
  if (error instanceof PortalError) return error.describe();
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `Unexpected error (a bug in portal-actions, please report it): ${text}`;
}

/**
 * Fails the step: one error annotation per failure (on the config line when there is one), and
 * the same message in the job summary, so a person opening the run sees why nothing happened.
 * Not core.setFailed: it prints its message as a second, untitled annotation of the same failure.
 */
export async function failStep(error: unknown, action: string): Promise<void> {
  if (error instanceof AggregatePortalError) {
    core.info(error.message);
    for (const each of error.errors) annotate(each);
  } else if (error instanceof PortalError) annotate(error);
  else core.error(failureMessage(error), { title: 'Unexpected error' });
  process.exitCode = core.ExitCode.Failure;
  const message = failureMessage(error);
  const fence = '```';
  await writeJobSummary(
    `## ❌ ${action} failed\n\n${fence}text\n${message.split(fence).join("'''")}\n${fence}\n`,
  );
}
