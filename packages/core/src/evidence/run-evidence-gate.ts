// Promote's evidence check: reads the source deployments' run evidence before anything is
// written and, with `require-successful-run`, refuses every source whose version never completed.
import { describeError, RefusedError } from '../errors/portal-error.js';
import type { Progress } from '../model/progress.js';
import type { FoundDeployment } from '../find-deployments/prefect-deployment-finder.js';
import type { FlowRunApi } from '../prefect/flow-run-api.js';
import { describeLastRun, readRunEvidence, type RunEvidence } from './run-evidence.js';

export class RunEvidenceGate {
  /** Evidence per source deployment id, once `inspect` ran. */
  readonly evidence = new Map<string, RunEvidence>();

  constructor(
    private readonly api: FlowRunApi,
    private readonly options: { require: boolean; sourceEnv: string; progress: Progress },
  ) {}

  /** Reads the evidence; throws a RefusedError naming every unproven flow when it is required. */
  async inspect(sources: readonly FoundDeployment[]): Promise<void> {
    const subjects = sources.map(({ deployment }) => ({
      id: deployment.id,
      version: deployment.version ?? null,
      updated: deployment.updated ?? null,
    }));
    let read: Map<string, RunEvidence>;
    try {
      read = await readRunEvidence(this.api, subjects);
    } catch (error) {
      // Shown for information only unless required: a server that cannot answer must not block.
      if (this.options.require) throw error;
      this.options.progress.warning(
        `Could not read the flow runs of the source deployments (the summary shows no last runs): ${describeError(error)}`,
      );
      return;
    }
    for (const [id, entry] of read) this.evidence.set(id, entry);
    if (!this.options.require) return;
    const unproven = sources.filter(({ deployment }) => !read.get(deployment.id)?.success);
    if (unproven.length === 0) return;
    const lines = unproven.map(({ details, deployment }) => {
      const entry = read.get(deployment.id)!;
      const last = entry.lastRun;
      const otherVersion =
        last && last.version !== null && last.version !== entry.version
          ? ` (of version ${last.version})`
          : '';
      const more = entry.partial ? ', and none of its latest runs completed at this version' : '';
      return `${details.flow_name} (${details.name}, version ${entry.version ?? 'none'}): last run ${describeLastRun(last)}${otherVersion}${more}${last ? ` ${last.url}` : ''}`;
    });
    throw new RefusedError(
      `Nothing was promoted: ${unproven.length} of ${sources.length} source deployment${sources.length === 1 ? '' : 's'} in "${this.options.sourceEnv}" ha${unproven.length === 1 ? 's' : 've'} no COMPLETED flow run of ${unproven.length === 1 ? 'its' : 'their'} current version:\n${lines.map((line) => `  - ${line}`).join('\n')}\n`,
      {
        hint: `Run ${unproven.length === 1 ? 'it' : 'them'} in "${this.options.sourceEnv}" until ${unproven.length === 1 ? 'it completes' : 'they complete'} (deploy's \`smoke-flows\` does that), then promote again; or set \`require-successful-run: false\`.`,
      },
    );
  }
}
