// The outputs deploy and promote set (runner/outcome-report.ts), as JSON values for `--json`:
// the `deployments` list and one count per status; and how many failed, for the exit code.
import type { Outcome } from '@portal-actions/runner';

export function outcomeOutputs(
  outcomes: readonly Outcome[],
  countedStatuses: readonly string[],
): { outputs: Record<string, unknown>; failed: number } {
  const count = (status: string) => outcomes.filter((outcome) => outcome.status === status).length;
  return {
    outputs: {
      deployments: outcomes,
      ...Object.fromEntries(countedStatuses.map((status) => [status, count(status)])),
    },
    failed: count('failed'),
  };
}
