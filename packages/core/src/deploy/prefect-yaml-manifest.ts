// Writes planned deployments as a prefect.yaml-style document: for audit (what exactly was
// deployed) or to hand over to `prefect deploy --prefect-file <manifest>` later.
import { stringify } from 'yaml';
import type { DeploymentSpec } from '../model/deployment.js';

/** What a value that came from a secret reads in the manifest: the file is uploaded and read. */
export const SECRET_PLACEHOLDER = '<secret: set at deploy time>';

function deploymentEntry(spec: DeploymentSpec): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    name: spec.name,
    version: spec.version,
    tags: spec.tags,
    description: spec.description,
    entrypoint: spec.entrypoint,
    parameters: spec.parameters,
    work_pool: {
      name: spec.work_pool_name,
      ...(spec.work_queue_name !== null ? { work_queue_name: spec.work_queue_name } : {}),
      job_variables: spec.job_variables,
    },
    schedules: spec.schedules.map((item) => ({
      ...item.schedule,
      active: item.active,
      slug: item.slug,
      ...(item.parameters ? { parameters: item.parameters } : {}),
    })),
    pull: spec.pull_steps,
  };
  if (spec.paused !== null) entry.paused = spec.paused;
  if (spec.concurrency_limit !== null) entry.concurrency_limit = spec.concurrency_limit;
  if (spec.enforce_parameter_schema !== null) entry.enforce_parameter_schema = spec.enforce_parameter_schema;
  return entry;
}

export function prefectYamlManifest(
  specs: readonly DeploymentSpec[],
  context: { project: string; prefectVersion: string; generatedBy: string },
): string {
  const document = {
    name: context.project,
    'prefect-version': context.prefectVersion,
    deployments: specs.map(deploymentEntry),
  };
  const body = stringify(document, { lineWidth: 0 });
  const placeholders = body.split(SECRET_PLACEHOLDER).length - 1;
  const header = [
    context.generatedBy,
    'The deployments of this run as planned, one entry each, in prefect.yaml form: name, version, tags,',
    'description, entrypoint, parameters, work pool and job variables, schedules, pull steps.',
    placeholders > 0
      ? `${placeholders} environment variable value${placeholders === 1 ? '' : 's'} came from secrets and read${placeholders === 1 ? 's' : ''} "${SECRET_PLACEHOLDER}":`
      : `No value came from a secret; any that did would read "${SECRET_PLACEHOLDER}".`,
    ...(placeholders > 0
      ? ['replace each with the real value before deploying from this file (prefect deploy --prefect-file).']
      : []),
  ];
  return `${header.map((line) => `# ${line}`).join('\n')}\n${body}`;
}
