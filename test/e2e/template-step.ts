// The `with:` block of a copy-in template's step that uses one of our actions, and its `${{ }}`
// filled the way GitHub would for a given run: how the e2e tests run a template's steps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './example-project.js';

interface Step {
  name?: string;
  uses?: string;
  with?: Record<string, string>;
}

/** The `with:` of the template's step that uses our action (the one named `stepName` when given). */
export function withBlock(template: string, action: string, stepName?: string): Record<string, string> {
  const workflow = parse(readFileSync(join(REPO_ROOT, 'action-templates', template), 'utf8')) as {
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const step = steps.find(
    (each) =>
      each.uses?.startsWith(`acme/portal-actions/${action}@`) &&
      (stepName === undefined || each.name === stepName),
  );
  if (!step?.with) throw new Error(`${template} has no step using acme/portal-actions/${action}`);
  return step.with;
}

/** Fills `${{ … }}` the way GitHub would for this run; an expression we do not know fails the test. */
export function fill(inputs: Record<string, string>, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      name,
      String(value).replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => {
        if (!(expression in values)) throw new Error(`unexpected expression in a template: ${expression}`);
        return values[expression]!;
      }),
    ]),
  );
}
