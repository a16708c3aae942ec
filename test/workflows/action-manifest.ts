// An action's public manifest (<name>/action.yml) read by GitHub's own action parser: the
// inputs a workflow may pass it, and which of them it must pass.
import { NoOperationTraceWriter } from '@actions/workflow-parser';
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index';

export interface ManifestInput {
  name: string;
  /** Required with no default: a step that omits it fails at run time. */
  mustBeGiven: boolean;
}

export interface ActionManifest {
  /** The folder holding action.yml, e.g. `deploy`. */
  path: string;
  inputs: ManifestInput[];
  outputs: string[];
  runsMain: string | undefined;
  parserErrors: string[];
}

export function readActionManifest(path: string, text: string): ActionManifest {
  const parsed = parseAction({ name: `${path}/action.yml`, content: text }, new NoOperationTraceWriter());
  const parserErrors = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value === undefined || parserErrors.length > 0) {
    return { path, inputs: [], outputs: [], runsMain: undefined, parserErrors };
  }
  const template = convertActionTemplate(parsed.context, parsed.value);
  parserErrors.push(...parsed.context.errors.getErrors().map((error) => error.message));
  const inputs = (template.inputs ?? []).map((input) => ({
    name: input.id,
    mustBeGiven: input.required === true && input.default === undefined,
  }));
  const outputs = (template.outputs ?? []).map((output) => output.id);
  const runsMain = template.runs !== undefined && 'main' in template.runs ? template.runs.main : undefined;
  return { path, inputs, outputs, runsMain, parserErrors };
}
