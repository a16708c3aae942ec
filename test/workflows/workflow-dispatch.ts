// "Run workflow" as GitHub does it for `gh workflow run <file> -f name=value`: refuses inputs the
// workflow does not declare, missing required ones and values outside a choice, fills defaults,
// then evaluates the `${{ }}` of a step's `with:` the way the run would see them.
import { parse } from 'yaml';

interface DeclaredInput {
  type?: 'string' | 'choice' | 'boolean' | 'number' | 'environment';
  required?: boolean;
  default?: unknown;
  options?: unknown[];
}

interface WorkflowShape {
  on?: { workflow_dispatch?: { inputs?: Record<string, DeclaredInput> | null } | null };
  jobs?: Record<
    string,
    { environment?: unknown; steps?: { uses?: string; with?: Record<string, unknown> }[] }
  >;
}

export interface Dispatch {
  /** Why GitHub would refuse the dispatch; empty when it starts the run. */
  refusals: string[];
  /** The `inputs` context of the run (defaults filled). */
  inputs: Record<string, string>;
}

export function dispatch(workflowText: string, given: Record<string, string>): Dispatch {
  const workflow = parse(workflowText) as WorkflowShape;
  const declared = workflow.on?.workflow_dispatch?.inputs ?? {};
  const refusals: string[] = [];
  const unexpected = Object.keys(given).filter((name) => !(name in declared));
  if (unexpected.length > 0) refusals.push(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(declared)) {
    const value = given[name] ?? (input.default === undefined ? undefined : String(input.default));
    if (value === undefined) {
      if (input.required) refusals.push(`Required input '${name}' not provided`);
      inputs[name] = '';
      continue;
    }
    if (input.type === 'choice' && !(input.options ?? []).map(String).includes(value)) {
      refusals.push(`Provided value '${value}' for input '${name}' not in the list of allowed values`);
    }
    if (input.type === 'boolean' && !['true', 'false'].includes(value)) {
      refusals.push(`Provided value '${value}' for input '${name}' is not a boolean`);
    }
    inputs[name] = value;
  }
  return { refusals, inputs };
}

/** One operand: a quoted string, true/false, or a context path (`inputs.flows-to-deploy`). */
function operand(text: string, contexts: Record<string, string>): string {
  const literal = /^'((?:[^']|'')*)'$/.exec(text);
  if (literal) return literal[1]!.replace(/''/g, "'");
  if (text === 'true' || text === 'false') return text;
  if (/^[A-Za-z_][\w.-]*$/.test(text)) {
    if (!(text in contexts)) throw new Error(`the test gives no value for ${text}`);
    return contexts[text]!;
  }
  throw new Error(`an expression this check cannot evaluate: ${text}`);
}

/** `a || b || 'c'`: the first non-empty operand (GitHub's falsy strings are '' only, here). */
function evaluate(expression: string, contexts: Record<string, string>): string {
  const operands = expression.split('||').map((part) => operand(part.trim(), contexts));
  return operands.find((value) => value !== '' && value !== 'false') ?? operands.at(-1)!;
}

/** Every `${{ … }}` in `text` filled. */
export function fill(text: string, contexts: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_whole, expression: string) =>
    evaluate(expression, contexts),
  );
}

/** The `with:` of the one step using `acme/portal-actions/<action>`, evaluated, and its job's environment. */
export function actionStep(
  workflowText: string,
  action: string,
  contexts: Record<string, string>,
): { with: Record<string, string>; environment: string } {
  const workflow = parse(workflowText) as WorkflowShape;
  for (const job of Object.values(workflow.jobs ?? {})) {
    const step = (job.steps ?? []).find((each) => each.uses?.startsWith(`acme/portal-actions/${action}@`));
    if (!step) continue;
    return {
      with: Object.fromEntries(
        Object.entries(step.with ?? {}).map(([name, value]) => [name, fill(String(value), contexts)]),
      ),
      environment: fill(String(job.environment ?? ''), contexts),
    };
  }
  throw new Error(`no step uses acme/portal-actions/${action}`);
}
