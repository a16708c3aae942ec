// Collects what a config call threw as `file:line:col message` lines, so tests can assert both
// the position and the wording of every reported problem.
import { AggregatePortalError, formatLocation, PortalError } from '../../src/errors/portal-error.js';

export function problemsOf(action: () => unknown): PortalError[] {
  try {
    action();
  } catch (error) {
    if (error instanceof AggregatePortalError) return error.errors;
    if (error instanceof PortalError) return [error];
    throw error;
  }
  throw new Error('expected a PortalError, but nothing was thrown');
}

export async function problemsOfAsync(action: () => Promise<unknown>): Promise<PortalError[]> {
  try {
    await action();
  } catch (error) {
    if (error instanceof AggregatePortalError) return error.errors;
    if (error instanceof PortalError) return [error];
    throw error;
  }
  throw new Error('expected a PortalError, but nothing was thrown');
}

/** `file:line:col` of each problem. */
export function wheres(problems: PortalError[]): string[] {
  return problems.map((problem) => (problem.location ? formatLocation(problem.location) : '(no location)'));
}

export function onlyProblem(action: () => unknown): PortalError {
  const problems = problemsOf(action);
  if (problems.length !== 1)
    throw new Error(`expected one problem, got:\n${problems.map((p) => p.describe()).join('\n')}`);
  return problems[0]!;
}
