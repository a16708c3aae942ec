// Several problems of one file are reported together, in file order, so a user fixes them all
// in one pass instead of one failed run per typo.
import { AggregatePortalError, type ConfigurationError, type PortalError } from '../errors/portal-error.js';

function byPosition(a: PortalError, b: PortalError): number {
  return (
    (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0)
  );
}

/** The error to throw for `errors` (at least one): itself when alone, else all of them together. */
export function collected(errors: readonly ConfigurationError[], what: string): PortalError {
  if (errors.length === 1) return errors[0]!;
  const sorted = [...errors].sort(byPosition);
  return new AggregatePortalError(`${sorted.length} problems in ${what}.`, sorted);
}
