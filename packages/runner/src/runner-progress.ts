// The Progress that core reports to, printed in the job log (warnings become annotations).
import * as core from '@actions/core';
import type { Progress } from '@portal-actions/core';

export const runnerProgress: Progress = {
  info: (message) => core.info(message),
  debug: (message) => core.debug(message),
  warning: (message, location) =>
    core.warning(
      message,
      location
        ? {
            file: location.file,
            ...(location.line !== undefined ? { startLine: location.line } : {}),
            ...(location.column !== undefined ? { startColumn: location.column } : {}),
          }
        : {},
    ),
};
