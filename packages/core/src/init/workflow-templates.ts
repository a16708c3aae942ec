// The workflow templates `init` copies, chosen by name and fitted to the repository: the test and
// container workflows it already has are named where ours wait for them (`workflow_run`), and the
// environment choices follow the config's environments.
import { ConfigurationError } from '../errors/portal-error.js';
import type { ExistingWorkflow } from './repository-facts.js';

/** Template file names (in action-templates/) by the name `--workflows` takes. */
export const WORKFLOW_TEMPLATES = {
  test: 'test.yml',
  container: 'container.yml',
  deploy: 'deploy.yml',
  promote: 'promote.yml',
  plan: 'plan.yml',
  preview: 'preview.yml',
  cleanup: 'cleanup.yml',
  drift: 'drift.yml',
} as const;
export type WorkflowName = keyof typeof WORKFLOW_TEMPLATES;

/** What "Five minutes to deployed flows" copies. */
export const DEFAULT_WORKFLOWS: readonly WorkflowName[] = ['test', 'container', 'deploy', 'promote'];

export function parseWorkflowNames(names: readonly string[]): WorkflowName[] {
  const known = Object.keys(WORKFLOW_TEMPLATES);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigurationError(
      `Unknown workflow ${unknown.map((name) => `"${name}"`).join(', ')} in --workflows.`,
      {
        hint: `Choose from ${known.join(', ')} (default ${DEFAULT_WORKFLOWS.join(',')}).`,
      },
    );
  }
  return [...new Set(names)] as WorkflowName[];
}

const TEST_WORKFLOW = /(^|[^a-z])(tests?|ci|checks?|pytest)([^a-z]|$)/i;
const CONTAINER_WORKFLOW = /(^|[^a-z])(container|docker|image|build)([^a-z]|$)/i;

/** An existing workflow of the repository doing the job of `test` or `container`, other than ours. */
export function existingWorkflowFor(
  kind: 'test' | 'container',
  workflows: readonly ExistingWorkflow[],
): ExistingWorkflow | null {
  const ours = new Set<string>(Object.values(WORKFLOW_TEMPLATES));
  const pattern = kind === 'test' ? TEST_WORKFLOW : CONTAINER_WORKFLOW;
  return (
    workflows.find(
      (each) =>
        !ours.has(each.file) && (pattern.test(each.name) || pattern.test(each.file.replace(/\.ya?ml$/, ''))),
    ) ?? null
  );
}

const flowList = (names: readonly string[]) => `[${names.join(', ')}]`;
const yamlName = (name: string) => (/^[A-Za-z0-9_-]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`);

/** Replaces `from` where it is a whole line's content (not where a comment quotes it). */
function replaceOnce(text: string, from: string, to: string): string {
  if (from === to) return text;
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`^(\\s*)${escaped}$`, 'm'), (_, indent: string) => `${indent}${to}`);
}

export interface TemplateFit {
  /** `name:` of the workflow that builds images, when not our container.yml. */
  containerWorkflow: string | null;
  /** `name:` of the workflow that tests, when not our test.yml. */
  testWorkflow: string | null;
  /** The config's environments in promotion order. */
  environments: readonly string[];
}

/** The Dockerfile template with the project's own folder as its WORKDIR. */
export function fitDockerfile(template: string, project: string): string {
  const folder = project.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'project';
  return replaceOnce(
    template,
    'ARG PROJECT_DIR=/opt/prefect/my-project',
    `ARG PROJECT_DIR=/opt/prefect/${folder}`,
  );
}

/** `template` (as in action-templates/) fitted to the repository. */
export function fitTemplate(name: WorkflowName, template: string, fit: TemplateFit): string {
  const envs = fit.environments;
  const first = envs[0] ?? 'dev';
  const last = envs.at(-1) ?? 'prod';
  let text = template;
  if (name === 'container' && fit.testWorkflow)
    text = replaceOnce(text, 'workflows: [test]', `workflows: [${yamlName(fit.testWorkflow)}]`);
  if (name === 'deploy') {
    if (fit.containerWorkflow)
      text = replaceOnce(text, "workflows: ['container']", `workflows: [${yamlName(fit.containerWorkflow)}]`);
    // Deploy reaches every environment but the last, which only promotion reaches.
    const deployable = envs.length > 1 ? envs.slice(0, -1) : envs;
    text = replaceOnce(
      text,
      'options: [dev, tst]\n        default: dev',
      `options: ${flowList(deployable)}\n        default: ${first}`,
    );
    text = text.split("inputs.environment || 'dev'").join(`inputs.environment || '${first}'`);
  }
  if (name === 'promote' && envs.length > 1) {
    text = replaceOnce(
      text,
      'options: [dev, tst]\n        default: dev',
      `options: ${flowList(envs.slice(0, -1))}\n        default: ${first}`,
    );
    text = replaceOnce(
      text,
      'options: [tst, prod]\n        default: prod',
      `options: ${flowList(envs.slice(1))}\n        default: ${last}`,
    );
  }
  return text;
}
