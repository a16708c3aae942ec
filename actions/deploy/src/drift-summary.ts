// The drift section of the deploy job summary: per drifted deployment what differs from what the
// repository would deploy. Pure, so tests read what a person sees.
import type { DriftedDeployment } from '@portal-actions/core';
import { code, escapeCell, markdownTable } from '@portal-actions/runner';

const KIND: Record<DriftedDeployment['kind'], string> = {
  missing: 'missing in Prefect',
  changed: 'differs',
  extra: 'not in the repository',
};

export function driftSummary(drift: readonly DriftedDeployment[], env: string): string {
  if (drift.length === 0) return `### No drift\n\nEvery deployment in ${code(env)} matches the repository.\n`;
  return [
    `### ⚠️ Drift: ${drift.length === 1 ? '1 deployment' : `${drift.length} deployments`} in ${code(env)} ${drift.length === 1 ? 'differs' : 'differ'} from the repository`,
    '',
    markdownTable(
      ['deployment', 'drift', 'what differs'],
      drift.map((item) => [code(item.name), KIND[item.kind], escapeCell(item.differences.join('; '))]),
    ),
    'A deploy of this commit would put them back (environment variables are named, never shown).',
    '',
  ].join('\n');
}
