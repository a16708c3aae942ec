// Promotes the code version deployed in one environment into the next: checks everything
// first (environments, order, missing sources, version tags, expected commit), plans, then writes.
import { runBounded } from '../concurrency/run-bounded.js';
import {
  ConfigurationError,
  describeError,
  NotFoundError,
  PortalError,
  RefusedError,
} from '../errors/portal-error.js';
import type { Promoter } from '../model/operations.js';
import type { Progress } from '../model/progress.js';
import { deploymentName, toSegment } from '../naming/deployment-name.js';
import { closestNames } from '../naming/closest-names.js';
import { normaliseFlowName } from '../naming/flow-name.js';
import { serverChanges, unkeptSettingWarnings } from '../plan/kept-state.js';
import type { Plan, PlanItem } from '../plan/plan.js';
import { createDeploymentBody } from '../prefect/deployment-request.js';
import type { PrefectApi, ServerVersion } from '../prefect/prefect-api.js';
import { writeUpdate } from '../deploy/prefect-deployer.js';
import { asRename, finishRename, renameWrite } from '../deploy/variant-renames.js';
import { writeDeploymentTriggers } from '../deploy/deployment-triggers.js';
import { DeploymentAutomations, type AutomationOutcome } from '../automations/deployment-automations.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';
import { planPromotedTriggers } from './promoted-triggers.js';
import type { PromotionStep } from './promotion-step.js';

export type { PromotionStep } from './promotion-step.js';
import {
  PrefectDeploymentFinder,
  type FoundDeployment,
} from '../find-deployments/prefect-deployment-finder.js';
import { sameCommit, tagValue } from '../find-deployments/version-tags.js';
import { checkTargetPools, targetFlowIds, type PromotionServers } from './promotion-servers.js';
import { promotedSpec, type TargetSettings } from './target-spec.js';

export interface PromoteRequest {
  project: string;
  branch: string;
  sourceEnv: string;
  targetEnv: string;
  selection: 'all' | string[];
  /** Environments in promotion order, or null when the config defines none. */
  environmentOrder: string[] | null;
  /** Config settings of one flow (or one variant of it) in the target environment (env vars already merged in). */
  targetSettingsFor: (flowName: string, variant?: string) => TargetSettings;
  expectedCommit: string | null;
  allowBackwards: boolean;
  dryRun: boolean;
  concurrency: number;
  progress: Progress;
  /** Called with the sources once they passed every check, before anything is written (run evidence). */
  inspectSources?: (sources: readonly FoundDeployment[]) => Promise<void>;
}

export interface PromotionOutcome {
  name: string;
  flow_name: string;
  /** Present for the deployment of a config variant of the flow. */
  variant?: string;
  source: string;
  from_commit: string | null;
  to_commit: string | null;
  package_version: string | null;
  status: 'created' | 'updated' | 'unchanged' | 'renamed' | 'failed' | 'planned';
  /** The target deployment's id, when it exists. */
  id: string | null;
  url: string | null;
  error: string | null;
  /** A target renamed (or planned to be) from its old variant name: that name. */
  renamed_from?: string;
}

export interface PromoteResult {
  plan: Plan;
  steps: PromotionStep[];
  outcomes: PromotionOutcome[];
  /** The target deployments' automations (their triggers); empty when none were planned. */
  automations: AutomationOutcome[];
  server: ServerVersion;
  /** Set when source and target live on different servers. */
  servers?: PromotionServers;
}

function checkEnvironments(request: PromoteRequest): void {
  const { sourceEnv, targetEnv, environmentOrder: order } = request;
  if (sourceEnv === targetEnv) {
    throw new RefusedError(`Source and target environment are both "${sourceEnv}".`, {
      hint: 'Promote into a different environment (set `target-env`).',
    });
  }
  if (order === null) return;
  for (const env of [sourceEnv, targetEnv]) {
    if (!order.includes(env)) {
      const close = closestNames(env, order);
      throw new ConfigurationError(
        `Environment "${env}" is not in the config file's \`environments\` (${order.join(', ')}).${close.length ? ` Did you mean "${close[0]}"?` : ''}`,
        { hint: 'Add it under `environments:` or fix the input.' },
      );
    }
  }
  if (order.indexOf(targetEnv) < order.indexOf(sourceEnv) && !request.allowBackwards) {
    throw new RefusedError(
      `"${targetEnv}" comes before "${sourceEnv}" in the promotion order (${order.join(' → ')}).`,
      { hint: 'To roll back on purpose, set `allow-backwards: true`.' },
    );
  }
}

export class PrefectPromoter implements Promoter<PromoteRequest, PromoteResult> {
  /** `sourceApi`: the source environment's server when it is not the target's (`api`). */
  constructor(
    private readonly api: PrefectApi,
    private readonly sourceApi: PrefectApi = api,
  ) {}

  private get crossServer(): boolean {
    return this.sourceApi !== this.api;
  }

  async plan(request: PromoteRequest): Promise<{
    plan: Plan;
    steps: PromotionStep[];
    server: ServerVersion;
    servers?: PromotionServers;
    /** The project's deployments already in the target environment. */
    inTargetDeployments: ServerDeployment[];
  }> {
    checkEnvironments(request);
    // The target's version gates what is written; the source's is only named.
    const [server, sourceServer] = await Promise.all([
      this.api.serverVersion(),
      this.crossServer ? this.sourceApi.serverVersion() : null,
    ]);
    const servers = sourceServer
      ? {
          source: { apiUrl: this.sourceApi.apiUrl, version: sourceServer },
          target: { apiUrl: this.api.apiUrl, version: server },
        }
      : undefined;
    const query = { project: request.project, branch: request.branch };
    const all = this.crossServer
      ? (
          await Promise.all([
            new PrefectDeploymentFinder(this.sourceApi).find({ ...query, env: request.sourceEnv }),
            new PrefectDeploymentFinder(this.api).find({ ...query, env: request.targetEnv }),
          ])
        ).flat()
      : await new PrefectDeploymentFinder(this.api).find(query);
    const sourceSegment = toSegment(request.sourceEnv);
    const targetSegment = toSegment(request.targetEnv);
    const inSource = all.filter((found) => found.details.env === sourceSegment);
    const targets = all.filter((found) => found.details.env === targetSegment);
    const inTarget = new Map(
      targets.filter((found) => found.renameTo === null).map((found) => [found.details.name, found]),
    );
    // Targets still under an old variant name are renamed by this promotion (see variant-renames).
    const oldNamed = new Map(
      targets.flatMap((found) =>
        found.renameTo === null ? [] : [[found.renameTo, found.deployment] as const],
      ),
    );
    const where = `project "${request.project}", branch "${request.branch}"`;

    let sources: FoundDeployment[];
    if (request.selection === 'all') {
      sources = inSource;
      if (sources.length === 0) {
        throw new NotFoundError(`No deployments in environment "${request.sourceEnv}" for ${where}.`, {
          hint: `Deploy to "${request.sourceEnv}" first, or check \`project-name\` and \`branch\`.`,
        });
      }
    } else {
      const byFlow = new Map<string, FoundDeployment[]>();
      for (const found of inSource)
        byFlow.set(found.details.flow_name, [...(byFlow.get(found.details.flow_name) ?? []), found]);
      const missing = request.selection.map(normaliseFlowName).filter((name) => !byFlow.has(name));
      if (missing.length > 0) {
        const existing = [...byFlow.keys()];
        throw new NotFoundError(
          `No deployment in "${request.sourceEnv}" for flow${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (${where}).`,
          {
            hint:
              existing.length > 0
                ? `Deployed in "${request.sourceEnv}": ${existing.join(', ')}.`
                : `Nothing is deployed in "${request.sourceEnv}" for this project and branch.`,
          },
        );
      }
      sources = request.selection.flatMap((name) => byFlow.get(normaliseFlowName(name))!);
    }

    // Refuse the whole promotion before writing when any source cannot be trusted.
    const problems: string[] = [];
    for (const { details } of sources) {
      const lacking = ['COMMIT_HASH', 'PACKAGE_VERSION'].filter(
        (key) => tagValue(details.tags, key) === null,
      );
      if (lacking.length > 0) problems.push(`${details.name} has no ${lacking.join(' or ')} tag`);
      else if (request.expectedCommit && !sameCommit(details.commit_hash!, request.expectedCommit)) {
        problems.push(`${details.name} is at commit ${details.commit_hash}, not ${request.expectedCommit}`);
      }
    }
    if (problems.length > 0) {
      throw new RefusedError(`Nothing was promoted: ${problems.join('; ')}.`, {
        hint: request.expectedCommit
          ? 'The source environment changed since the promotion was approved: re-run with the new commit, or promote the approved one again after deploying it.'
          : 'Redeploy the source with acme/portal-actions/deploy, which writes the version tags.',
      });
    }

    await request.inspectSources?.(sources);

    const steps: PromotionStep[] = [];
    for (const source of sources) {
      const flowName = source.details.flow_name;
      const variant = source.details.variant ?? undefined;
      const targetName = deploymentName({
        project: source.details.project_name,
        branch: source.details.branch,
        flow: flowName,
        env: request.targetEnv,
        variant: variant ?? null,
      });
      const existing = inTarget.get(targetName) ?? null;
      const base = {
        name: targetName,
        flowName,
        ...(variant !== undefined ? { variant } : {}),
        env: request.targetEnv,
        existing: existing?.deployment ?? null,
      };
      const fromCommit = existing?.details.commit_hash ?? null;
      const step = {
        source,
        fromCommit,
        fromVersion: existing?.details.package_version ?? null,
        toCommit: source.details.commit_hash,
        packageVersion: source.details.package_version,
      };
      try {
        const spec = promotedSpec({
          source: source.deployment,
          flowName,
          targetName,
          targetEnv: request.targetEnv,
          settings:
            variant === undefined
              ? request.targetSettingsFor(flowName)
              : request.targetSettingsFor(flowName, variant),
          ...(variant !== undefined ? { variant } : {}),
        });
        const changes = existing ? serverChanges(spec, existing.deployment, server) : [];
        const action = existing ? (changes.length > 0 ? 'update' : 'unchanged') : 'create';
        const item = asRename(
          { ...base, action, spec, changes, reason: null },
          oldNamed.get(targetName),
          (old) => serverChanges(spec, old, server),
        );
        steps.push({ ...step, item });
      } catch (error) {
        if (!(error instanceof PortalError)) throw error;
        steps.push({
          ...step,
          item: { ...base, action: 'refuse', spec: null, changes: [], reason: error.describe() },
        });
      }
    }
    const warnings = unkeptSettingWarnings(
      steps.flatMap((step) => (step.item.spec ? [step.item.spec] : [])),
      server,
    );
    for (const warning of warnings) request.progress.warning(warning);
    const automations = await planPromotedTriggers(this.sourceApi, this.api, {
      steps,
      inSource,
      inTarget,
      ...query,
      targetEnv: request.targetEnv,
      server,
      targetTriggers: ({ item }) =>
        request.targetSettingsFor(item.flowName, ...(item.variant ? [item.variant] : [])).triggers,
    });
    const plan = {
      items: steps.map((step) => step.item),
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(automations ? { automations } : {}),
    };
    if (this.crossServer) await checkTargetPools(this.api, plan.items);
    const inTargetDeployments = [...inTarget.values()].map((found) => found.deployment);
    return { plan, steps, server, inTargetDeployments, ...(servers ? { servers } : {}) };
  }

  async promote(request: PromoteRequest): Promise<PromoteResult> {
    const { plan, steps, server, servers, inTargetDeployments } = await this.plan(request);
    const sides = servers ? { servers } : {};
    // Flow ids are per server: on another server the flow is created (or read) there first.
    const flowIdOf = this.crossServer ? targetFlowIds(this.api) : null;
    const outcomeOf = (
      step: PromotionStep,
      status: PromotionOutcome['status'],
      id: string | null,
      error: string | null,
    ) => ({
      name: step.item.name,
      flow_name: step.item.flowName,
      ...(step.item.variant !== undefined ? { variant: step.item.variant } : {}),
      source: step.source.details.name,
      from_commit: step.fromCommit,
      to_commit: step.toCommit,
      package_version: step.packageVersion,
      status,
      id,
      url: id ? this.api.deploymentUrl(id) : null,
      error,
      ...(step.item.renameFrom ? { renamed_from: step.item.renameFrom.name } : {}),
    });
    if (request.dryRun) {
      const outcomes = steps.map((step) => {
        const { action, existing, reason } = step.item;
        const status = action === 'unchanged' ? 'unchanged' : action === 'refuse' ? 'failed' : 'planned';
        return outcomeOf(step, status, existing?.id ?? null, reason);
      });
      const automations = plan.automations
        ? new DeploymentAutomations(this.api).planned(plan.automations)
        : [];
      return { plan, steps, outcomes, automations, server, ...sides };
    }
    let done = 0;
    const write = async (step: PromotionStep, item: PlanItem): Promise<PromotionOutcome> => {
      switch (item.action) {
        case 'refuse':
          return outcomeOf(step, 'failed', null, item.reason);
        case 'unchanged':
          return outcomeOf(step, 'unchanged', item.existing!.id, null);
        case 'update':
          await writeUpdate(this.api, server, item.spec!, item.existing!, item.changes);
          return outcomeOf(step, 'updated', item.existing!.id, null);
        case 'rename':
          return finishRename(this.api, item, await write(step, renameWrite(item)));
        default: {
          const body = this.api.gateDeploymentBody(
            createDeploymentBody(
              item.spec!,
              flowIdOf ? await flowIdOf(item.flowName) : step.source.deployment.flow_id,
            ),
            server,
            'create',
          );
          const { deployment, created } = await this.api.createDeployment(body);
          return outcomeOf(step, created ? 'created' : 'updated', deployment.id, null);
        }
      }
    };
    const results = await runBounded(steps, request.concurrency, async (step): Promise<PromotionOutcome> => {
      const { item } = step;
      if (item.action === 'refuse' || item.action === 'unchanged') return write(step, item);
      const outcome = await write(step, item);
      done += 1;
      request.progress.info(
        `[${done}] ${outcome.status} ${item.name} (${step.fromCommit ?? 'new'} → ${step.toCommit})`,
      );
      return outcome;
    });
    const outcomes = results.map((result, index) => {
      const step = steps[index]!;
      if (result.ok) return result.value;
      return outcomeOf(step, 'failed', step.item.existing?.id ?? null, describeError(result.error));
    });
    const automations = await writeDeploymentTriggers(
      this.api,
      plan.automations,
      inTargetDeployments,
      outcomes,
    );
    return { plan, steps, outcomes, automations, server, ...sides };
  }
}
