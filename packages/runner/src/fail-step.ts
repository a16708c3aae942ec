// Turns whatever stopped an action into a failed step: a PortalError is printed plainly with
// an annotation on its file and line; anything else is a bug and keeps its stack.
import * as core from '@actions/core';
import { AggregatePortalError, PortalError } from '@portal-actions/core';

function annotate(error: PortalError): void {
  const location = error.location;
  core.error(error.message + (error.hint ? ` ${error.hint}` : ''), {
    title: error.name,
    ...(location
      ? {
          file: location.file,
          ...(location.line !== undefined ? { startLine: location.line } : {}),
          ...(location.column !== undefined ? { startColumn: location.column } : {}),
        }
      : {}),
  });
}

export function failStep(error: unknown): void {
  if (error instanceof AggregatePortalError) {
    for (const each of error.errors) annotate(each);
    core.setFailed(`${error.message}\n${error.errors.map((each) => `  - ${each.describe()}`).join('\n')}`);
    return;
  }
  if (error instanceof PortalError) {
    if (error.location) annotate(error);
    core.setFailed(error.describe());
    return;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  core.setFailed(`Unexpected error (a bug in portal-actions, please report it): ${text}`);
}
