// The find-flows job summary: a table of the flows (name, entrypoint, description), the portal
// table (flows × environments, each cell the commit and package version deployed) and warnings.
import { code, escapeCell, link, markdownTable } from '@portal-actions/runner';
import type { DeploymentDetails } from '@portal-actions/core';
import type { FindFlowsRun } from './find-flows.js';

const firstLine = (text: string) => text.split('\n')[0] ?? '';

/** Commit and package version of each deployment in one cell; the branch too when several are there. */
function deployedCell(deployments: readonly DeploymentDetails[]): string {
  const severalBranches = new Set(deployments.map((deployment) => deployment.branch)).size > 1;
  return deployments
    .map((deployment) => {
      const commit = code((deployment.commit_hash ?? '?').slice(0, 8));
      const version = deployment.package_version ? ` ${code(deployment.package_version)}` : '';
      const branch = severalBranches ? ` (${escapeCell(deployment.branch)})` : '';
      const triggers = (deployment.triggers ?? []).map((line) => `<br>⚡ ${escapeCell(line)}`).join('');
      return link(`${commit}${version}`, deployment.url) + branch + triggers;
    })
    .join('<br>');
}

export function findFlowsSummary(run: FindFlowsRun): string {
  const lines = [
    `## Prefect flows in ${code(run.root)}`,
    '',
    `${run.flows.length} flows in ${run.filesSeen} Python files.`,
    '',
  ];
  if (run.flows.length > 0) {
    lines.push(
      markdownTable(
        ['flow', 'entrypoint', 'description'],
        run.flows.map((flow) => [
          code(flow.name) + notDeployable(flow),
          code(flow.entrypoint),
          escapeCell(firstLine(flow.description)),
        ]),
      ),
    );
  }
  const environments = run.environments;
  if (environments) {
    lines.push('### Deployed versions', '');
    if (environments.length === 0) lines.push('No deployments of this project were found.', '');
    else {
      // A row per flow, or per flow and variant when it deploys as variants.
      const rows = run.flows.flatMap((flow) => {
        const all = Object.values(flow.deployments ?? {}).flat();
        const variants = [...new Set(all.map((deployment) => deployment.variant ?? null))].sort((a, b) =>
          (a ?? '').localeCompare(b ?? ''),
        );
        return (variants.length > 0 ? variants : [null]).map((variant) => [
          code(flow.name) + (variant === null ? '' : ` (variant ${code(variant)})`),
          ...environments.map((env) =>
            deployedCell(
              (flow.deployments?.[env] ?? []).filter(
                (deployment) => (deployment.variant ?? null) === variant,
              ),
            ),
          ),
        ]);
      });
      lines.push(markdownTable(['flow', ...environments.map(escapeCell)], rows));
    }
    for (const server of run.unreachable) {
      lines.push(
        `> ⚠️ ${server.environments.length > 0 ? server.environments.map(escapeCell).join(', ') : 'Other environments'}: could not list ${escapeCell(server.label)} (${escapeCell(server.error.split('\n')[0] ?? '')}); shown empty.`,
        '',
      );
    }
  }
  if (run.warnings.length > 0) {
    lines.push(`### Warnings (${run.warnings.length})`, '');
    for (const warning of run.warnings.slice(0, 200)) {
      lines.push(
        `- ${code(`${warning.file}${warning.line ? `:${warning.line}` : ''}`)}: ${escapeCell(warning.message)}`,
      );
    }
    if (run.warnings.length > 200) lines.push(`- … and ${run.warnings.length - 200} more (see the log).`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Why a listed flow cannot be deployed, for the table: nested, or in a file Python cannot import. */
function notDeployable(flow: FindFlowsRun['flows'][number]): string {
  if (flow.deployable) return '';
  return flow.import_error !== undefined
    ? ' (not deployable: Python cannot import its file)'
    : ' (nested: not deployable)';
}
