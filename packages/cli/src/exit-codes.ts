// The CLI's exit codes, decided by what stopped it: a script branches on them (retry on 3,
// fix the command or config on 2, look at the failed deployments on 1).
import {
  AggregatePortalError,
  ConfigurationError,
  NotFoundError,
  PrefectApiError,
  PrefectAuthError,
  PrefectRateLimitError,
  PrefectResponseError,
  PrefectServerVersionError,
  PrefectUnreachableError,
  RefusedError,
} from '@portal-actions/core';

export const EXIT = {
  done: 0,
  /** Some deployments failed; the others were written. Also a whole run stopped by a bug. */
  failed: 1,
  /** The command line, the config file or an input is wrong, or a check refused: nothing written. */
  usage: 2,
  /** Prefect could not be reached, or refused the credentials. */
  prefect: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof AggregatePortalError) {
    const codes = error.errors.map(exitCodeFor);
    return codes.length > 0 && codes.every((code) => code === codes[0]) ? codes[0]! : EXIT.failed;
  }
  if (
    error instanceof PrefectUnreachableError ||
    error instanceof PrefectAuthError ||
    error instanceof PrefectResponseError ||
    error instanceof PrefectServerVersionError ||
    error instanceof PrefectRateLimitError
  ) {
    return EXIT.prefect;
  }
  // A server error that stopped the whole run (not one deployment): Prefect cannot serve now.
  if (error instanceof PrefectApiError) return error.status >= 500 ? EXIT.prefect : EXIT.failed;
  // Configuration and inputs, a flow or environment or pool that does not exist, a refused
  // promotion or name collision: all are found before anything is written.
  if (
    error instanceof ConfigurationError ||
    error instanceof NotFoundError ||
    error instanceof RefusedError
  ) {
    return EXIT.usage;
  }
  return EXIT.failed;
}
