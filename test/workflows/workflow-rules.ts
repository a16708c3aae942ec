// The rules our workflows and copy-in templates must follow beyond GitHub's schema: inputs that
// exist in our manifests, no script injection, documented headers, least privilege, pinned actions.
import { isBasicExpression, isBoolean, isMapping, isSequence, isString } from '@actions/workflow-parser';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { ActionManifest } from './action-manifest.js';
import {
  entry,
  expressionsIn,
  headerComment,
  jobsOf,
  lineOf,
  stepsOf,
  stringValue,
  walk,
  type JobView,
  type WorkflowSource,
} from './workflow-source.js';

export type RuleName =
  | 'parser'
  | 'action-inputs'
  | 'action-outputs'
  | 'run-injection'
  | 'header-comment'
  | 'permissions'
  | 'pinned-actions'
  | 'documented-secrets'
  | 'workflow-run-chain'
  | 'serialised-writers';

export interface Finding {
  rule: RuleName;
  file: string;
  line: number | undefined;
  message: string;
}

export interface RuleContext {
  /** Our actions' manifests by folder: `deploy` for `./deploy` and `acme/portal-actions/deploy@v1`. */
  manifests: ReadonlyMap<string, ActionManifest>;
  /** The `name:` of every workflow in the same folder, for `workflow_run` chains. */
  siblingNames: ReadonlySet<string>;
  /** Copy-in templates must also document their secrets and serialise their deploys. */
  kind: 'template' | 'repository';
}

export function checkWorkflow(workflow: WorkflowSource, context: RuleContext): Finding[] {
  const findings = workflow.parserErrors.map((message): Finding => ({
    rule: 'parser',
    file: workflow.file,
    line: undefined,
    message,
  }));
  if (workflow.root === undefined) return findings;
  findings.push(
    ...checkActionInputs(workflow, context),
    ...checkActionOutputs(workflow, context),
    ...checkRunInjection(workflow),
    ...checkHeaderComment(workflow),
    ...checkPermissions(workflow),
    ...checkPinnedActions(workflow),
    ...checkWorkflowRunChain(workflow, context),
  );
  if (context.kind === 'template') {
    findings.push(...checkDocumentedSecrets(workflow), ...checkSerialisedWriters(workflow, context));
  }
  return findings;
}

const OUR_ACTION = /^(?:acme\/portal-actions\/([\w.-]+)@\S+|\.\/([\w.-]+))$/;

/** The manifest folder a `uses:` names when it is one of our actions (remote or by local path). */
export function ourActionPath(uses: string | undefined): string | undefined {
  const match = uses === undefined ? null : OUR_ACTION.exec(uses);
  return match === null ? undefined : (match[1] ?? match[2]);
}

function finding(
  rule: RuleName,
  workflow: WorkflowSource,
  token: TemplateToken | undefined,
  message: string,
) {
  return { rule, file: workflow.file, line: lineOf(token), message };
}

function checkActionInputs(workflow: WorkflowSource, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const step of stepsOf(workflow)) {
    const usesToken = entry(step.token, 'uses');
    const uses = stringValue(usesToken);
    const path = ourActionPath(uses);
    if (path === undefined) continue;
    const manifest = context.manifests.get(path);
    if (manifest === undefined) {
      findings.push(
        finding(
          'action-inputs',
          workflow,
          usesToken,
          `job ${step.job}: '${uses}' names no action (${path}/action.yml)`,
        ),
      );
      continue;
    }
    // Input names are case-insensitive for the runner.
    const known = new Map(manifest.inputs.map((input) => [input.name.toLowerCase(), input]));
    const given = new Set<string>();
    const withToken = entry(step.token, 'with');
    if (withToken !== undefined && isMapping(withToken)) {
      for (const pair of withToken) {
        const name = pair.key.toString();
        given.add(name.toLowerCase());
        if (!known.has(name.toLowerCase())) {
          findings.push(
            finding(
              'action-inputs',
              workflow,
              pair.key,
              `job ${step.job}: '${name}' is not an input of ${path}/action.yml (inputs: ${manifest.inputs.map((input) => input.name).join(', ')})`,
            ),
          );
        }
      }
    }
    for (const input of manifest.inputs) {
      if (input.mustBeGiven && !given.has(input.name.toLowerCase())) {
        findings.push(
          finding(
            'action-inputs',
            workflow,
            usesToken,
            `job ${step.job}: ${path} requires the input '${input.name}', which is not given`,
          ),
        );
      }
    }
  }
  return findings;
}

const STEP_OUTPUT = /\bsteps\.([\w-]+)\.outputs\.([\w-]+)/gi;

/** Texts where a workflow reads values: `${{ }}` expressions and bare `if:` conditions. */
function readExpressions(token: TemplateToken): { token: TemplateToken; text: string }[] {
  const texts: { token: TemplateToken; text: string }[] = [];
  for (const { token: inner, key } of walk(token)) {
    if (isBasicExpression(inner)) {
      for (const text of expressionsIn(inner)) texts.push({ token: inner, text });
    } else if (key === 'if' && isString(inner)) {
      texts.push({ token: inner, text: inner.value });
    }
  }
  return texts;
}

function checkActionOutputs(workflow: WorkflowSource, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const job of jobsOf(workflow)) {
    const manifestByStepId = new Map<string, ActionManifest>();
    for (const step of stepsOf(workflow).filter((candidate) => candidate.job === job.id)) {
      const id = stringValue(entry(step.token, 'id'));
      const manifest = context.manifests.get(ourActionPath(stringValue(entry(step.token, 'uses'))) ?? '');
      if (id !== undefined && manifest !== undefined) manifestByStepId.set(id, manifest);
    }
    for (const { token, text } of readExpressions(job.token)) {
      for (const [, stepId = '', output = ''] of text.matchAll(STEP_OUTPUT)) {
        const manifest = manifestByStepId.get(stepId);
        if (manifest !== undefined && !manifest.outputs.includes(output)) {
          findings.push(
            finding(
              'action-outputs',
              workflow,
              token,
              `job ${job.id}: step '${stepId}' (${manifest.path}) has no output '${output}' (outputs: ${manifest.outputs.join(', ')})`,
            ),
          );
        }
      }
    }
  }
  return findings;
}

// Values an outsider can choose (branch names, titles, dispatch inputs) must reach a script
// through env:, never be pasted into its text.
const UNTRUSTED = /\bgithub\s*\.\s*event\b|\bgithub\s*\.\s*head_ref\b|\binputs\b/i;

function checkRunInjection(workflow: WorkflowSource): Finding[] {
  const findings: Finding[] = [];
  for (const step of stepsOf(workflow)) {
    const run = entry(step.token, 'run');
    for (const expression of expressionsIn(run)) {
      if (UNTRUSTED.test(expression)) {
        findings.push(
          finding(
            'run-injection',
            workflow,
            run,
            `job ${step.job}: \${{ ${expression} }} is expanded inside a run script; pass it through env: and use "$VAR"`,
          ),
        );
      }
    }
  }
  return findings;
}

function checkHeaderComment(workflow: WorkflowSource): Finding[] {
  const header = headerComment(workflow.text);
  if (header.length >= 3) return [];
  return [
    {
      rule: 'header-comment',
      file: workflow.file,
      line: 1,
      message: 'the file must start with a comment block: what it does, the secrets it needs, what to edit',
    },
  ];
}

function checkPermissions(workflow: WorkflowSource): Finding[] {
  if (entry(workflow.root, 'permissions') !== undefined) return [];
  return jobsOf(workflow)
    .filter((job) => entry(job.token, 'permissions') === undefined)
    .map((job) =>
      finding(
        'permissions',
        workflow,
        job.token,
        `job ${job.id} has no permissions and the workflow none at the top: GITHUB_TOKEN would get the repository default`,
      ),
    );
}

const PINNED_REF = /^(?:v\d+(?:\.\d+){0,2}|[0-9a-f]{40})$/;

function checkPinnedActions(workflow: WorkflowSource): Finding[] {
  const findings: Finding[] = [];
  for (const step of stepsOf(workflow)) {
    const usesToken = entry(step.token, 'uses');
    const uses = stringValue(usesToken);
    if (uses === undefined || uses.startsWith('./')) continue;
    if (uses.startsWith('docker://')) {
      if (!/:[^/:]+$|@sha256:/.test(uses) || uses.endsWith(':latest')) {
        findings.push(
          finding('pinned-actions', workflow, usesToken, `job ${step.job}: ${uses} needs a fixed image tag`),
        );
      }
      continue;
    }
    const ref = uses.slice(uses.lastIndexOf('@') + 1);
    if (!uses.includes('@') || !PINNED_REF.test(ref)) {
      findings.push(
        finding(
          'pinned-actions',
          workflow,
          usesToken,
          `job ${step.job}: ${uses} must be pinned to a version tag (@v4) or a full commit SHA, not a branch`,
        ),
      );
    }
  }
  return findings;
}

function conditionText(token: TemplateToken | undefined): string {
  if (token === undefined) return '';
  if (isString(token)) return token.value;
  return expressionsIn(token).join(' ');
}

function workflowRunTriggers(workflow: WorkflowSource): TemplateToken | undefined {
  const on = entry(workflow.root, 'on');
  return entry(on, 'workflow_run');
}

function checkWorkflowRunChain(workflow: WorkflowSource, context: RuleContext): Finding[] {
  const trigger = workflowRunTriggers(workflow);
  if (trigger === undefined) return [];
  const findings: Finding[] = [];
  const upstream = entry(trigger, 'workflows');
  const names = upstream !== undefined && isSequence(upstream) ? [...upstream] : [];
  for (const name of names) {
    const value = stringValue(name);
    if (value !== undefined && !context.siblingNames.has(value)) {
      findings.push(
        finding(
          'workflow-run-chain',
          workflow,
          name,
          `workflow_run waits for '${value}', but no workflow beside this one is named so (names: ${[...context.siblingNames].join(', ')})`,
        ),
      );
    }
  }
  // workflow_run fires on every completion, failures included: each first job must check.
  for (const job of jobsOf(workflow).filter((candidate) => entry(candidate.token, 'needs') === undefined)) {
    if (!/workflow_run\.conclusion\s*==\s*'success'/.test(conditionText(entry(job.token, 'if')))) {
      findings.push(
        finding(
          'workflow-run-chain',
          workflow,
          job.token,
          `job ${job.id} runs on workflow_run without checking github.event.workflow_run.conclusion == 'success'`,
        ),
      );
    }
  }
  return findings;
}

const SECRET_OR_VARIABLE = /\b(secrets|vars)\.([A-Za-z_][A-Za-z0-9_]*)/g;

function checkDocumentedSecrets(workflow: WorkflowSource): Finding[] {
  const header = headerComment(workflow.text).join('\n');
  const body = workflow.text.split(/\r?\n/).slice(headerComment(workflow.text).length).join('\n');
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const [reference, , name = ''] of body.matchAll(SECRET_OR_VARIABLE)) {
    if (name === 'GITHUB_TOKEN' || seen.has(name)) continue;
    seen.add(name);
    if (!new RegExp(`\\b${name}\\b`).test(header)) {
      findings.push({
        rule: 'documented-secrets',
        file: workflow.file,
        line: 1,
        message: `${reference} is used but the header comment does not say the template needs it`,
      });
    }
  }
  return findings;
}

// cleanup deletes deployments: it needs the same environment and serialisation as a deploy.
const WRITERS = new Set(['deploy', 'promote', 'cleanup']);

function writesToPrefect(workflow: WorkflowSource, job: JobView): boolean {
  return stepsOf(workflow).some(
    (step) => step.job === job.id && WRITERS.has(ourActionPath(stringValue(entry(step.token, 'uses'))) ?? ''),
  );
}

function checkSerialisedWriters(workflow: WorkflowSource, _context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const job of jobsOf(workflow).filter((candidate) => writesToPrefect(workflow, candidate))) {
    if (entry(job.token, 'environment') === undefined) {
      findings.push(
        finding(
          'serialised-writers',
          workflow,
          job.token,
          `job ${job.id} writes deployments outside a GitHub environment: its secrets and approvals cannot apply`,
        ),
      );
    }
    const concurrency = entry(job.token, 'concurrency');
    const cancels = entry(concurrency, 'cancel-in-progress');
    if (concurrency === undefined) {
      findings.push(
        finding(
          'serialised-writers',
          workflow,
          job.token,
          `job ${job.id} writes deployments without a concurrency group: two runs could write one environment at once`,
        ),
      );
    } else if (cancels !== undefined && !(isBoolean(cancels) && !cancels.value)) {
      findings.push(
        finding(
          'serialised-writers',
          workflow,
          cancels,
          `job ${job.id}: cancel-in-progress must be false, a cancelled deploy leaves an environment half-written`,
        ),
      );
    }
  }
  return findings;
}
