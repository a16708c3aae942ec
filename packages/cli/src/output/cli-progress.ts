// The Progress core reports to, for a terminal: one line per step on stderr (stdout stays for the
// tables or the JSON), warnings with their file:line; debug lines only with ACME_PORTAL_DEBUG.
import { formatLocation, type Progress } from '@portal-actions/core';
import type { TerminalStyle } from './terminal-style.js';

export function cliProgress(
  write: (line: string) => void,
  style: TerminalStyle,
  env: NodeJS.ProcessEnv,
): Progress {
  const debug = env.ACME_PORTAL_DEBUG !== undefined && env.ACME_PORTAL_DEBUG !== '';
  return {
    info: (message) => write(message),
    debug: (message) => {
      if (debug) write(style.dim(`debug: ${message}`));
    },
    warning: (message, location) =>
      write(`${style.yellow('warning:')} ${location ? `${formatLocation(location)}: ` : ''}${message}`),
  };
}
