// Deploys flows into one environment of Prefect: build every DeploymentSpec, check work pools,
// list what exists (one request per 200), plan, then write the differences with bounded concurrency.
import { DeploymentAutomations, type AutomationOutcome } from '../automations/deployment-automations.js';
import { runBounded } from '../concurrency/run-bounded.js';
import { describeError, PortalError } from '../errors/portal-error.js';
import type { DeploymentSpec } from '../model/deployment.js';
import type { Flow } from '../model/flow.js';
import type { DeploymentOutcome, Deployer } from '../model/operations.js';
import type { Progress } from '../model/progress.js';
import { flowSegment, tentativeDeploymentName, toSegment } from '../naming/deployment-name.js';
import { serverChanges, unkeptSettingWarnings } from '../plan/kept-state.js';
import { fieldsOnlyCreateWrites } from '../prefect/client/version-gates.js';
import type { Plan, PlanItem } from '../plan/plan.js';
import { createDeploymentBody, updateDeploymentBody } from '../prefect/deployment-request.js';
import {
  poolTakesImage,
  slugsSupported,
  type PrefectApi,
  type ServerVersion,
} from '../prefect/prefect-api.js';
import type { ServerDeployment } from '../prefect/server-deployment.js';
import { buildDeploymentSpec } from './build-deployment-spec.js';
import { planDeploymentTriggers, writeDeploymentTriggers } from './deployment-triggers.js';
import { checkWorkPools } from './work-pool-check.js';
import type { DeploymentSettings } from './deployment-settings.js';
import type { RunFacts } from './run-facts.js';
import { deploymentUnits, staleReason, type DeploymentUnit, type VariantsOf } from './deployment-units.js';
import { selectFlows } from './select-flows.js';
import { listProjectDeployments } from '../find-deployments/list-project-deployments.js';
import { unmanagedOfPlan } from '../unmanaged/plan-warnings.js';
import { asRename, existingByName as splitByName, finishRename, renameWrite } from './variant-renames.js';

export interface DeployRequest {
  /** Every flow found in the repository (collisions and prune look at all of them). */
  flows: Flow[];
  selection: 'all' | string[];
  env: string;
  facts: RunFacts;
  /** The merged config settings of one flow (or one variant of it) in this environment. */
  settingsFor: (flowName: string, variant?: string) => DeploymentSettings;
  /** The config variants of a flow; empty or absent: one deployment of the flow. */
  variantsFor?: VariantsOf;
  dryRun: boolean;
  prune: boolean;
  concurrency: number;
  progress: Progress;
  /** How a flow's place is named in messages (default `source_relative:line`). */
  flowPlace?: (flow: Flow) => string;
}

export interface DeployResult {
  plan: Plan;
  outcomes: DeploymentOutcome[];
  server: ServerVersion;
  /** The automations of the deployments' triggers (empty when none were planned). */
  automations: AutomationOutcome[];
}

function refuse(flow: Flow, env: string, name: string, reason: string, variant?: string): PlanItem {
  return {
    action: 'refuse',
    name,
    flowName: flow.name,
    ...(variant !== undefined ? { variant } : {}),
    env,
    spec: null,
    existing: null,
    changes: [],
    reason,
  };
}

function outcomeBase(item: PlanItem): Pick<DeploymentOutcome, 'name' | 'flow_name' | 'env' | 'variant'> {
  return {
    name: item.name,
    flow_name: item.flowName,
    ...(item.variant !== undefined ? { variant: item.variant } : {}),
    env: item.env,
  };
}

export class PrefectDeployer implements Deployer<DeployRequest, DeployResult> {
  constructor(private readonly api: PrefectApi) {}

  async plan(
    request: DeployRequest,
  ): Promise<{ plan: Plan; server: ServerVersion; existingInEnv: ServerDeployment[] }> {
    const { env, facts, progress } = request;
    const selected = selectFlows(request.flows, request.selection);
    const units = deploymentUnits(selected, request.variantsFor);
    const server = await this.api.serverVersion();
    progress.info(`Prefect ${server.isCloud ? 'Cloud' : `server ${server.version}`} at ${this.api.apiUrl}`);
    // Read beside the plan: the deployments of these flows that we do not manage (warned about).
    const unmanaged = unmanagedOfPlan(this.api, selected, progress);

    // Settings first: they name the work pools, which must all exist before anything is written.
    const settings = new Map<string, DeploymentSettings | Error>();
    for (const unit of units) {
      try {
        settings.set(
          unit.key,
          unit.variant === undefined
            ? request.settingsFor(unit.flow.name)
            : request.settingsFor(unit.flow.name, unit.variant),
        );
      } catch (error) {
        if (!(error instanceof PortalError)) throw error;
        settings.set(unit.key, error);
      }
    }
    const poolOf = (unit: DeploymentUnit): string | undefined => {
      const value = settings.get(unit.key);
      return facts.workPool ?? (value instanceof Error ? undefined : value?.work_pool);
    };
    const pools = await checkWorkPools(this.api, units, poolOf, facts.image);

    const items: PlanItem[] = [];
    const specs: { flow: Flow; spec: DeploymentSpec }[] = [];
    for (const unit of units) {
      const { flow, variant } = unit;
      const value = settings.get(unit.key)!;
      const placeholderName = tentativeDeploymentName({ ...facts, flow: flow.name, env, variant });
      if (value instanceof Error) {
        items.push(refuse(flow, env, placeholderName, describeError(value), variant));
        continue;
      }
      if (!flow.deployable) {
        const where = request.flowPlace?.(flow) ?? `${flow.source_relative}:${flow.line_number}`;
        const reason =
          flow.import_error ??
          `Flow "${flow.name}" at ${where} is defined inside another function, so Prefect cannot load it by entrypoint. Move it to module level (or into a class) to deploy it.`;
        items.push(refuse(flow, env, placeholderName, reason, variant));
        continue;
      }
      try {
        const pool = pools.get(poolOf(unit) ?? '');
        const spec = buildDeploymentSpec({
          flow,
          env,
          settings: value,
          facts,
          poolTakesImage: pool ? poolTakesImage(pool) : true,
          ...(variant !== undefined ? { variant } : {}),
        });
        specs.push({ flow, spec });
      } catch (error) {
        if (!(error instanceof PortalError)) throw error;
        items.push(refuse(flow, env, placeholderName, describeError(error), variant));
      }
    }

    // Two flows that make the same deployment name would overwrite each other: refuse both.
    const byName = new Map<string, { flow: Flow; spec: DeploymentSpec }[]>();
    for (const entry of specs) byName.set(entry.spec.name, [...(byName.get(entry.spec.name) ?? []), entry]);
    const allByName = new Map<string, Flow[]>();
    for (const flow of request.flows.filter((each) => each.deployable)) {
      const key = flowSegment(flow.name);
      allByName.set(key, [...(allByName.get(key) ?? []), flow]);
    }

    const envSegment = toSegment(env);
    const listedInEnv = (await listProjectDeployments(this.api, facts.project, facts.branch)).filter(
      ({ parts }) => parts.env === envSegment,
    );
    const { current: existingByName, renames } = splitByName(listedInEnv);

    for (const [name, entries] of byName) {
      const clashing = allByName.get(flowSegment(entries[0]!.flow.name)) ?? [];
      if (clashing.length > 1) {
        const place = request.flowPlace ?? ((flow: Flow) => `${flow.source_relative}:${flow.line_number}`);
        const places = clashing.map((flow) => `${flow.name} at ${place(flow)}`).join(' and ');
        for (const { flow, spec } of entries) {
          items.push(
            refuse(
              flow,
              env,
              name,
              `Flows ${places} would share the deployment "${name}"; neither is deployed. Give one of them a different name= in its @flow decorator.`,
              spec.variant,
            ),
          );
        }
        continue;
      }
      const { flow, spec } = entries[0]!;
      const current = existingByName.get(name) ?? null;
      const variant = spec.variant !== undefined ? { variant: spec.variant } : {};
      const changes = current ? serverChanges(spec, current, server) : [];
      const action = !current ? 'create' : changes.length > 0 ? 'update' : 'unchanged';
      const item: PlanItem = {
        action,
        name,
        flowName: flow.name,
        ...variant,
        env,
        spec,
        existing: current,
        changes,
        reason: null,
      };
      // A variant deployment still under its old name is renamed by this deploy (variant-renames).
      items.push(asRename(item, renames.get(name), (old) => serverChanges(spec, old, server)));
    }

    if (request.prune) {
      const deployable = request.flows.filter((each) => each.deployable);
      for (const { deployment, parts } of listedInEnv) {
        const reason = staleReason(parts, deployable, request.variantsFor);
        if (reason === null) continue;
        items.push({
          action: 'delete',
          name: deployment.name,
          flowName: parts.flow.replace(/-/g, '_'),
          ...(parts.variant !== null ? { variant: parts.variant } : {}),
          env,
          spec: null,
          existing: deployment,
          changes: [],
          reason,
        });
      }
    }
    items.sort((a, b) => a.name.localeCompare(b.name));
    const warnings = unkeptSettingWarnings(
      specs.map(({ spec }) => spec),
      server,
    );
    for (const warning of warnings) progress.warning(warning);
    const existingInEnv = listedInEnv.map(({ deployment }) => deployment);
    const automations = await planDeploymentTriggers(this.api, {
      items,
      triggersOf: (item) => {
        const value = settings.get(
          item.variant === undefined ? item.flowName : `${item.flowName}/${item.variant}`,
        );
        return value instanceof Error ? [] : (value?.triggers ?? []);
      },
      existingInEnv,
      ...facts,
      env,
      flows: request.flows.map((flow) => flow.name),
      server,
    });
    const plan: Plan = {
      items,
      unmanaged: await unmanaged,
      ...(warnings.length > 0 ? { warnings } : {}),
      ...(automations ? { automations } : {}),
    };
    return { plan, server, existingInEnv };
  }

  async deploy(request: DeployRequest): Promise<DeployResult> {
    const { plan, server, existingInEnv } = await this.plan(request);
    if (request.dryRun) {
      const outcomes = plan.items.map((item) => this.plannedOutcome(item));
      const automations = plan.automations
        ? new DeploymentAutomations(this.api).planned(plan.automations)
        : [];
      return { plan, server, outcomes, automations };
    }
    const flowIds = new Map<string, Promise<string>>();
    const flowId = (name: string) => {
      let id = flowIds.get(name);
      if (!id) {
        id = this.api.createFlow(name).then((flow) => flow.id);
        flowIds.set(name, id);
      }
      return id;
    };
    let done = 0;
    const writes = plan.items.filter(
      (item) => item.action !== 'unchanged' && item.action !== 'refuse',
    ).length;
    const results = await runBounded(plan.items, request.concurrency, async (item) => {
      const outcome = await this.applyItem(item, server, flowId);
      if (item.action !== 'unchanged' && item.action !== 'refuse') {
        done += 1;
        request.progress.info(`[${done}/${writes}] ${outcome.status} ${item.name}`);
      }
      return outcome;
    });
    const outcomes = results.map((result, index) => {
      const item = plan.items[index]!;
      if (result.ok) return result.value;
      return {
        ...outcomeBase(item),
        status: 'failed' as const,
        id: item.existing?.id ?? null,
        url: item.existing ? this.api.deploymentUrl(item.existing.id) : null,
        error: describeError(result.error),
      };
    });
    // After the deployments: an automation needs the id of each deployment it runs or names.
    const automations = await writeDeploymentTriggers(this.api, plan.automations, existingInEnv, outcomes);
    return { plan, server, outcomes, automations };
  }

  private plannedOutcome(item: PlanItem): DeploymentOutcome {
    const id = item.existing?.id ?? null;
    return {
      ...outcomeBase(item),
      status: item.action === 'unchanged' ? 'unchanged' : item.action === 'refuse' ? 'failed' : 'planned',
      id,
      url: id ? this.api.deploymentUrl(id) : null,
      error: item.reason && item.action === 'refuse' ? item.reason : null,
      ...(item.renameFrom ? { renamed_from: item.renameFrom.name } : {}),
    };
  }

  private async applyItem(
    item: PlanItem,
    server: ServerVersion,
    flowId: (name: string) => Promise<string>,
  ): Promise<DeploymentOutcome> {
    const base = outcomeBase(item);
    switch (item.action) {
      case 'refuse':
        return { ...base, status: 'failed', id: null, url: null, error: item.reason };
      case 'unchanged': {
        const id = item.existing!.id;
        return { ...base, status: 'unchanged', id, url: this.api.deploymentUrl(id), error: null };
      }
      case 'rename':
        return finishRename(this.api, item, await this.applyItem(renameWrite(item), server, flowId));
      case 'delete': {
        const id = item.existing!.id;
        await this.api.deleteDeployment(id);
        return { ...base, status: 'deleted', id, url: null, error: null };
      }
      case 'create': {
        const body = this.api.gateDeploymentBody(
          createDeploymentBody(item.spec!, await flowId(item.flowName)),
          server,
          'create',
        );
        const { deployment, created } = await this.api.createDeployment(body);
        return {
          ...base,
          status: created ? 'created' : 'updated',
          id: deployment.id,
          url: this.api.deploymentUrl(deployment.id),
          error: null,
        };
      }
      case 'update': {
        const id = item.existing!.id;
        await writeUpdate(this.api, server, item.spec!, item.existing!, item.changes);
        return { ...base, status: 'updated', id, url: this.api.deploymentUrl(id), error: null };
      }
    }
  }
}

/** PATCH the changed fields; with slugs, schedules no longer wanted are deleted one by one. */
export async function writeUpdate(
  api: PrefectApi,
  server: ServerVersion,
  spec: DeploymentSpec,
  existing: ServerDeployment,
  changes: PlanItem['changes'],
): Promise<void> {
  // A change only POST can write (before 3.2: pull steps, parameter schema) goes through the upsert.
  if (
    fieldsOnlyCreateWrites(
      changes.map((change) => change.field),
      server,
    ).length > 0
  ) {
    await api.createDeployment(
      api.gateDeploymentBody(createDeploymentBody(spec, existing.flow_id), server, 'create'),
    );
    return;
  }
  const body = api.gateDeploymentBody(updateDeploymentBody(spec, changes), server, 'update');
  if (Object.keys(body).length > 0) await api.updateDeployment(existing.id, body);
  const schedulesChanged = changes.some((change) => change.field === 'schedules');
  const current = existing.schedules ?? [];
  // The server matches by slug only when every schedule on both sides has one; then unlisted
  // schedules are kept, so the ones we dropped from the config are deleted explicitly.
  if (schedulesChanged && slugsSupported(server) && current.length > 0 && current.every((s) => s.slug)) {
    const wanted = new Set(spec.schedules.map((s) => s.slug));
    for (const schedule of current) {
      if (!wanted.has(schedule.slug!)) await api.deleteDeploymentSchedule(existing.id, schedule.id);
    }
  }
}
