// What deploy and promote report per deployment, the same way: the `deployments` JSON output,
// one count output per status, the totals and errors of the job summary, and the step's failure.
import * as core from '@actions/core';
import { escapeCell } from './markdown-table.js';
import { setJsonListOutput } from './step-outputs.js';

export interface Outcome {
  name: string;
  status: string;
  error: string | null;
}

/** `2 created, 1 failed`, in the order statuses first occur. */
export function statusTotals(outcomes: readonly Outcome[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcome.status, (counts.get(outcome.status) ?? 0) + 1);
  return [...counts.entries()].map(([status, count]) => `${count} ${status}`).join(', ') || 'nothing to do';
}

/** The summary's error section: every failure with its cause in full (none: no lines). */
export function errorLines(outcomes: readonly Outcome[]): string[] {
  const failures = outcomes.filter((outcome) => outcome.status === 'failed');
  if (failures.length === 0) return [];
  return [
    `### Errors (${failures.length})`,
    '',
    ...failures.map(
      (failure) => `- **${escapeCell(failure.name)}**: ${escapeCell(failure.error ?? 'unknown error')}`,
    ),
    '',
  ];
}

/** Sets the outputs; call `failOnOutcomes` after the summary is written. */
export function setOutcomeOutputs(outcomes: readonly Outcome[], countedStatuses: readonly string[]): void {
  setJsonListOutput('deployments', outcomes, 'The job summary lists every deployment.');
  for (const status of countedStatuses) {
    core.setOutput(status, String(outcomes.filter((outcome) => outcome.status === status).length));
  }
}

/** Fails the step when any outcome failed, listing each with its cause. */
export function failOnOutcomes(outcomes: readonly Outcome[], noun: string): void {
  const failed = outcomes.filter((outcome) => outcome.status === 'failed');
  if (failed.length === 0) return;
  const list = failed.map((outcome) => `  - ${outcome.name}: ${outcome.error ?? 'failed'}`).join('\n');
  // One titled annotation, as failStep prints; core.setFailed would give it no title.
  core.error(
    `${failed.length} of ${outcomes.length} ${noun}${outcomes.length === 1 ? '' : 's'} failed:\n${list}`,
    {
      title: `${failed.length === 1 ? `A ${noun}` : `${failed.length} ${noun}s`} failed`,
    },
  );
  process.exitCode = core.ExitCode.Failure;
}
