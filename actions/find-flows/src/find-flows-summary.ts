// The find-flows job summary: a table of the flows (name, entrypoint, description), the portal
// table (flows × environments, each cell the commit and package version deployed) and warnings.
import { code, escapeCell, link, markdownTable } from '@portal-actions/runner';
import type { FindFlowsRun } from './find-flows.js';

const firstLine = (text: string) => text.split('\n')[0] ?? '';

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
          code(flow.name) + (flow.deployable ? '' : ' (nested: not deployable)'),
          code(flow.entrypoint),
          escapeCell(firstLine(flow.description)),
        ]),
      ),
    );
  }
  if (run.environments) {
    lines.push('### Deployed versions', '');
    if (run.environments.length === 0) lines.push('No deployments of this project were found.', '');
    else {
      lines.push(
        markdownTable(
          ['flow', ...run.environments.map(escapeCell)],
          run.flows.map((flow) => [
            code(flow.name),
            ...run.environments!.map((env) =>
              (flow.deployments?.[env] ?? [])
                .map(
                  (deployment) =>
                    link(
                      `${code((deployment.commit_hash ?? '?').slice(0, 8))} ${deployment.package_version ? code(deployment.package_version) : ''}`.trim(),
                      deployment.url,
                    ) +
                    (run.environments &&
                    new Set((flow.deployments?.[env] ?? []).map((d) => d.branch)).size > 1
                      ? ` (${escapeCell(deployment.branch)})`
                      : ''),
                )
                .join('<br>'),
            ),
          ]),
        ),
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
