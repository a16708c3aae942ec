// A workflow file read by GitHub's own workflow parser (@actions/workflow-parser): its schema
// errors as GitHub reports them, and the token tree the other checks walk.
import {
  NoOperationTraceWriter,
  convertWorkflowTemplate,
  isBasicExpression,
  isMapping,
  isSequence,
  isString,
  parseWorkflow,
} from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';

export interface WorkflowSource {
  /** Path as reported in findings, relative to the repository root. */
  file: string;
  text: string;
  /** The parsed document, undefined when the YAML could not be read at all. */
  root: MappingToken | undefined;
  /** Everything GitHub's parser and converter reject, `file (Line: n, Col: m): message`. */
  parserErrors: string[];
}

export async function readWorkflow(file: string, text: string): Promise<WorkflowSource> {
  const parsed = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter());
  const parserErrors = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value !== undefined && parserErrors.length === 0) {
    // The converter checks what the schema cannot: job graph, step ids, cron strings, ...
    const converted = await convertWorkflowTemplate(parsed.context, parsed.value);
    parserErrors.push(...(converted.errors ?? []).map((error) => error.Message));
  }
  const root = parsed.value !== undefined && isMapping(parsed.value) ? parsed.value : undefined;
  return { file, text, root, parserErrors };
}

/** The value under `key` when `token` is a mapping. */
export function entry(token: TemplateToken | undefined, key: string): TemplateToken | undefined {
  return token !== undefined && isMapping(token) ? token.find(key) : undefined;
}

export function stringValue(token: TemplateToken | undefined): string | undefined {
  return token !== undefined && isString(token) ? token.value : undefined;
}

export function lineOf(token: TemplateToken | undefined): number | undefined {
  return token?.range?.start.line;
}

export interface JobView {
  id: string;
  token: MappingToken;
}

export interface StepView {
  job: string;
  token: MappingToken;
}

export function jobsOf(workflow: WorkflowSource): JobView[] {
  const jobs = entry(workflow.root, 'jobs');
  if (jobs === undefined || !isMapping(jobs)) return [];
  const views: JobView[] = [];
  for (const pair of jobs) {
    if (isMapping(pair.value)) views.push({ id: pair.key.toString(), token: pair.value });
  }
  return views;
}

export function stepsOf(workflow: WorkflowSource): StepView[] {
  const views: StepView[] = [];
  for (const job of jobsOf(workflow)) {
    const steps = entry(job.token, 'steps');
    if (steps === undefined || !isSequence(steps)) continue;
    for (const step of steps) {
      if (isMapping(step)) views.push({ job: job.id, token: step });
    }
  }
  return views;
}

/**
 * The `${{ }}` expressions inside a scalar, as written. The parser turns a string holding
 * expressions into one expression token (`format(...)`) that keeps the originals.
 */
export function expressionsIn(token: TemplateToken | undefined): string[] {
  if (token === undefined) return [];
  if (isBasicExpression(token)) {
    const originals = token.originalExpressions ?? [token];
    return originals.map((original) => original.expression);
  }
  return [];
}

/** The YAML comment lines at the very top of the file, without their `#`. */
export function headerComment(text: string): string[] {
  const header: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) break;
    header.push(line.replace(/^#\s?/, ''));
  }
  return header;
}

/** Every token below `token`, mapping keys excluded, with the key it sits under when it has one. */
export function* walk(
  token: TemplateToken | undefined,
  key?: string,
): Generator<{ token: TemplateToken; key: string | undefined }> {
  if (token === undefined) return;
  yield { token, key };
  if (isMapping(token)) {
    for (const pair of token) yield* walk(pair.value, pair.key.toString());
  } else if (isSequence(token)) {
    for (const item of token) yield* walk(item);
  }
}
