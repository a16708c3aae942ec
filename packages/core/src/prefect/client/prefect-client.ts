// PrefectClient: the typed Prefect REST calls find, deploy and promote make, over one pooled
// connection. Exact paths (trailing slashes matter), encoded names, 404 as "absent" on reads.
import { z } from 'zod';
import type { FlowRunApi, FlowRunFilter, ServerFlowRun } from '../flow-run-api.js';
import type { PrefectApi } from '../prefect-api.js';
import { automationResponse, type ServerAutomation } from '../server-automation.js';
import { resolveConnection, type PrefectConnection } from './connection.js';
import { PrefectApiError, PrefectServerVersionError, type PrefectCredential } from './errors.js';
import { errorForResponse, parseResponse, type ClientContext } from './response-errors.js';
import {
  deploymentResponse,
  flowResponse,
  flowRunResponse,
  workPoolResponse,
  type PrefectDeployment,
  type PrefectFlow,
  type PrefectFlowRun,
  type PrefectWorkPool,
} from './responses.js';
import {
  CLOUD_SERVER_VERSION,
  OLDEST_SUPPORTED_VERSION,
  atLeast,
  parseServerVersion,
  type ServerVersion,
} from './server-version.js';
import type { AdaptiveLimitStats } from '../../concurrency/adaptive-limit.js';
import { PrefectTransport, type ApiRequest, type ApiResponse, type RequestTally } from './transport.js';
import { deploymentUrl, flowRunUrl } from './ui-urls.js';
import { fitDeploymentBody, type DeploymentWrite } from './version-gates.js';

export interface PrefectClientOptions extends PrefectConnection {
  /** The UI base when it cannot be derived from the API URL (Prefect's PREFECT_UI_URL). */
  uiUrl?: string;
}

/** What a client sent and how the server answered, for the job summary. */
export interface PrefectTraffic extends RequestTally {
  /** The run's write limit, when one was given. */
  writeLimit: AdaptiveLimitStats | null;
}

/** A /deployments/filter body; `limit` and `offset` are set by the client while paging. */
export type DeploymentFilter = Record<string, unknown>;

/** The server's maximum page size (PREFECT_SERVER_API_DEFAULT_LIMIT); 422 above it. */
export const MAX_PAGE_SIZE = 200;

export class PrefectClient implements PrefectApi, FlowRunApi {
  readonly apiUrl: string;
  readonly isCloud: boolean;
  readonly credential: PrefectCredential;
  /** Custom headers left out because they would replace one the client manages. */
  readonly ignoredCustomHeaders: readonly string[];
  readonly #transport: PrefectTransport;
  readonly #uiUrl: string | undefined;
  readonly #options: PrefectClientOptions;
  #version: Promise<ServerVersion> | null = null;

  constructor(options: PrefectClientOptions) {
    this.#transport = new PrefectTransport(resolveConnection(options));
    this.apiUrl = this.#transport.apiUrl;
    this.isCloud = this.#transport.isCloud;
    this.credential = this.#transport.credential;
    this.ignoredCustomHeaders = this.#transport.ignoredCustomHeaders;
    this.#uiUrl = options.uiUrl;
    this.#options = options;
  }

  /** Requests sent so far, retries, and the 503/429/timeouts met. */
  traffic(): PrefectTraffic {
    return { ...this.#transport.tally, writeLimit: this.#options.writeLimit?.stats ?? null };
  }

  /** Closes the pooled connections; the client cannot be used afterwards. */
  close(): Promise<void> {
    return this.#transport.close();
  }

  /** GET /health: true when the server answers `true`. Needs no credentials on self-hosted. */
  async health(): Promise<boolean> {
    const req = get('/health');
    const response = await this.#send(req, [200]);
    return parseResponse(z.unknown(), response, req, this.#context) === true;
  }

  /** The package version (GET /admin/version), asked once per client. Cloud is not asked:
   * it counts as the newest 3.x. */
  serverVersion(): Promise<ServerVersion> {
    if (this.isCloud) return Promise.resolve(CLOUD_SERVER_VERSION);
    this.#version ??= this.#readServerVersion().catch((error: unknown) => {
      this.#version = null;
      throw error;
    });
    return this.#version;
  }

  async #readServerVersion(): Promise<ServerVersion> {
    const req = get('/admin/version');
    const response = await this.#send(req, [200, 404]);
    if (response.status === 404) {
      throw new PrefectServerVersionError(
        `${this.apiUrl}/admin/version does not exist: this is not a Prefect API URL, or the server is older than Prefect ${OLDEST_SUPPORTED_VERSION}.`,
        {
          hint: `Check prefect-api-url (a self-hosted server's API URL ends in /api) and upgrade the server to Prefect ${OLDEST_SUPPORTED_VERSION} or later.`,
        },
      );
    }
    const text = parseResponse(z.string(), response, req, this.#context);
    const version = parseServerVersion(text);
    if (!version) {
      throw new PrefectServerVersionError(
        `${this.apiUrl} reports version "${text}", which is not a Prefect version.`,
        {
          hint: 'Check that prefect-api-url points at a Prefect server.',
        },
      );
    }
    if (!atLeast(version, OLDEST_SUPPORTED_VERSION)) {
      throw new PrefectServerVersionError(
        `The Prefect server at ${this.apiUrl} runs ${text}; ${OLDEST_SUPPORTED_VERSION} or later is needed.`,
        {
          hint: `Upgrade the server to Prefect ${OLDEST_SUPPORTED_VERSION} or later (3.x recommended).`,
        },
      );
    }
    return version;
  }

  /** POST /flows/: create-or-read by name (201 new, 200 existing, unchanged). */
  async createFlow(name: string): Promise<PrefectFlow> {
    // Create-or-read: sending it twice returns the same flow, so it is safe to retry.
    const req = post('/flows/', { name }, true);
    return parseResponse(flowResponse, await this.#send(req, [200, 201]), req, this.#context);
  }

  async readFlow(id: string): Promise<PrefectFlow | null> {
    const req = get(`/flows/${segment(id)}`);
    const response = await this.#send(req, [200, 404]);
    return response.status === 404 ? null : parseResponse(flowResponse, response, req, this.#context);
  }

  /** POST /flows/filter by id, every page; unknown ids are simply absent. */
  async readFlowsByIds(ids: readonly string[]): Promise<PrefectFlow[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const flows = await this.#collect('/flows/filter', { flows: { id: { any_: unique } } }, flowResponse);
    return uniqueById(flows);
  }

  /** GET /work_pools/{name}; null when there is no such pool (pools are never created implicitly). */
  async readWorkPool(name: string): Promise<PrefectWorkPool | null> {
    const req = get(`/work_pools/${segment(name)}`);
    const response = await this.#send(req, [200, 404]);
    return response.status === 404 ? null : parseResponse(workPoolResponse, response, req, this.#context);
  }

  /** POST /work_pools/filter, every page: the pools of the workspace (for `init` to pick the only one). */
  async listWorkPools(): Promise<PrefectWorkPool[]> {
    return this.#collect('/work_pools/filter', {}, workPoolResponse);
  }

  /** GET /deployments/name/{flow}/{deployment}; null when absent. */
  async readDeploymentByName(flowName: string, deploymentName: string): Promise<PrefectDeployment | null> {
    const req = get(`/deployments/name/${segment(flowName)}/${segment(deploymentName)}`);
    const response = await this.#send(req, [200, 404]);
    return response.status === 404 ? null : parseResponse(deploymentResponse, response, req, this.#context);
  }

  /** GET /deployments/{id}; null when absent (or not a UUID: the route does not match). */
  async readDeployment(id: string): Promise<PrefectDeployment | null> {
    const req = get(`/deployments/${segment(id)}`);
    const response = await this.#send(req, [200, 404]);
    return response.status === 404 ? null : parseResponse(deploymentResponse, response, req, this.#context);
  }

  /**
   * POST /deployments/: an upsert on (flow_id, name): 201 created, 200 when it existed.
   * Send a body fitted to the server version (`fitDeploymentBody`): unknown keys are a 422.
   */
  async createDeployment(
    body: Record<string, unknown>,
  ): Promise<{ deployment: PrefectDeployment; created: boolean }> {
    // An upsert: a second identical POST updates the same deployment, so retrying is safe.
    const req = post('/deployments/', body, true);
    const response = await this.#send(req, [200, 201]).catch(async (error: unknown) => {
      // The server creates a missing work queue inside this request. On PostgreSQL two deployments
      // naming the same new queue at once race on its unique name, and the loser answers 409
      // (seen on 3.8.3; SQLite serialises the writes). The queue exists now: sent once more.
      if (!(error instanceof PrefectApiError) || error.status !== 409 || body.work_queue_name == null)
        throw error;
      return this.#send(req, [200, 201]);
    });
    return {
      deployment: parseResponse(deploymentResponse, response, req, this.#context),
      created: response.status === 201,
    };
  }

  /** PATCH /deployments/{id} (204). `name`, `flow_id` and `labels` are never sent: PATCH refuses them. */
  async updateDeployment(id: string, body: Record<string, unknown>): Promise<void> {
    const { name: _name, flow_id: _flowId, labels: _labels, ...patch } = body;
    // Writing the same fields twice leaves the same deployment: safe to retry.
    await this.#send(
      { method: 'PATCH', path: `/deployments/${segment(id)}`, body: patch, idempotent: true },
      [200, 204],
    );
  }

  /** DELETE /deployments/{id}: true when deleted, false when it was not there. */
  async deleteDeployment(id: string): Promise<boolean> {
    // A retried DELETE whose first attempt landed answers 404: reported as "not there", harmless.
    const response = await this.#send(
      { method: 'DELETE', path: `/deployments/${segment(id)}`, idempotent: true },
      [200, 204, 404],
    );
    return response.status !== 404;
  }

  /** DELETE /deployments/{id}/schedules/{schedule id}; a schedule already gone is fine. */
  async deleteDeploymentSchedule(deploymentId: string, scheduleId: string): Promise<void> {
    await this.#send(
      {
        method: 'DELETE',
        path: `/deployments/${segment(deploymentId)}/schedules/${segment(scheduleId)}`,
        idempotent: true,
      },
      [200, 204, 404],
    );
  }

  /** POST /deployments/filter, every page (limit 200, offset 0, 200, … until a short page). */
  async filterDeployments(
    filter: DeploymentFilter = {},
    options: { pageSize?: number } = {},
  ): Promise<PrefectDeployment[]> {
    const deployments = await this.#collect(
      '/deployments/filter',
      filter,
      deploymentResponse,
      options.pageSize,
    );
    return uniqueById(deployments);
  }

  /** POST /deployments/count: how many deployments match. */
  async countDeployments(filter: DeploymentFilter = {}): Promise<number> {
    const { limit: _limit, offset: _offset, sort: _sort, ...body } = filter;
    const req = post('/deployments/count', body, true);
    return parseResponse(z.number().int().nonnegative(), await this.#send(req, [200]), req, this.#context);
  }

  /** The body without the fields `version` does not accept (see `fitDeploymentBody`). */
  gateDeploymentBody(
    body: Record<string, unknown>,
    version: ServerVersion,
    kind: DeploymentWrite,
  ): Record<string, unknown> {
    return fitDeploymentBody(body, version, kind).body;
  }

  /** The deployment's page in the Prefect UI. */
  deploymentUrl(deploymentId: string): string {
    return deploymentUrl(this.apiUrl, deploymentId, this.#uiUrl);
  }

  /** POST /automations/filter, every page, by name: reading what exists costs one listing per run. */
  async listAutomations(): Promise<ServerAutomation[]> {
    return uniqueById(await this.#collect('/automations/filter', { sort: 'NAME_ASC' }, automationResponse));
  }

  async createAutomation(body: Record<string, unknown>): Promise<string> {
    // Not idempotent: a retried POST whose first attempt landed would make a second automation.
    const req = post('/automations/', body, false);
    const created = parseResponse(
      z.looseObject({ id: z.string() }),
      await this.#send(req, [200, 201]),
      req,
      this.#context,
    );
    return created.id;
  }

  async replaceAutomation(id: string, body: Record<string, unknown>): Promise<void> {
    // PUT has no `owner_resource` (the server's AutomationUpdate refuses it): ownership stays as created.
    const { owner_resource: _owner, ...update } = body;
    await this.#send(
      { method: 'PUT', path: `/automations/${segment(id)}`, body: update, idempotent: true },
      [200, 204],
    );
  }

  async deleteAutomation(id: string): Promise<boolean> {
    const response = await this.#send(
      { method: 'DELETE', path: `/automations/${segment(id)}`, idempotent: true },
      [200, 204, 404],
    );
    return response.status !== 404;
  }

  /** One page of POST /flow_runs/filter (the caller sets sort, limit and offset). */
  async filterFlowRuns(body: FlowRunFilter): Promise<ServerFlowRun[]> {
    const req = post('/flow_runs/filter', body, true);
    const runs = parseResponse(z.array(flowRunResponse), await this.#send(req, [200]), req, this.#context);
    return runs.map(toServerFlowRun);
  }

  /** POST /deployments/{id}/create_flow_run (201): a SCHEDULED run of the deployment. */
  async createFlowRun(
    deploymentId: string,
    body: { parameters?: Record<string, unknown>; tags?: string[]; name?: string },
  ): Promise<ServerFlowRun> {
    // Not idempotent: a retried POST whose first attempt landed would start a second run.
    const req = post(`/deployments/${segment(deploymentId)}/create_flow_run`, body, false);
    return toServerFlowRun(
      parseResponse(flowRunResponse, await this.#send(req, [200, 201]), req, this.#context),
    );
  }

  /** GET /flow_runs/{id}; null when absent. */
  async readFlowRun(id: string): Promise<ServerFlowRun | null> {
    const req = get(`/flow_runs/${segment(id)}`);
    const response = await this.#send(req, [200, 404]);
    return response.status === 404
      ? null
      : toServerFlowRun(parseResponse(flowRunResponse, response, req, this.#context));
  }

  /** The flow run's page in the Prefect UI. */
  flowRunUrl(flowRunId: string): string {
    return flowRunUrl(this.apiUrl, flowRunId, this.#uiUrl);
  }

  get #context(): ClientContext {
    return { apiUrl: this.apiUrl, isCloud: this.isCloud, credential: this.credential };
  }

  async #send(req: ApiRequest, accept: readonly number[]): Promise<ApiResponse> {
    const response = await this.#transport.send(req);
    if (!accept.includes(response.status)) throw errorForResponse(response, req, this.#context);
    return response;
  }

  // Filter routes return bare arrays without a total: page until a page comes back short.
  async #collect<T extends z.ZodType>(
    path: string,
    filter: Record<string, unknown>,
    item: T,
    pageSize = MAX_PAGE_SIZE,
  ): Promise<z.output<T>[]> {
    const { limit: _limit, offset: _offset, ...body } = filter;
    let limit = Math.max(1, Math.min(Math.floor(pageSize), MAX_PAGE_SIZE));
    const results: z.output<T>[] = [];
    let offset = 0;
    let limitLowered = false;
    for (;;) {
      // Reads: safe to send again.
      const req = post(path, { ...body, limit, offset }, true);
      let page: z.output<T>[];
      try {
        page = parseResponse(z.array(item), await this.#send(req, [200]), req, this.#context);
      } catch (error) {
        // A server with a lower cap (PREFECT_SERVER_API_DEFAULT_LIMIT) names it in its 422.
        const cap = lowerLimitFrom(error, limit);
        if (cap !== undefined && !limitLowered) {
          limitLowered = true;
          limit = cap;
          continue;
        }
        throw error;
      }
      results.push(...page);
      if (page.length < limit) return results;
      offset += page.length;
    }
  }
}

function toServerFlowRun(run: PrefectFlowRun): ServerFlowRun {
  // `state_type` mirrors `state.type`; older answers may carry only one of them.
  const type = run.state?.type ?? run.state_type ?? null;
  return {
    id: run.id,
    name: run.name,
    deployment_id: run.deployment_id ?? null,
    deployment_version: run.deployment_version ?? null,
    state_type: type as ServerFlowRun['state_type'],
    state_name: run.state?.name ?? run.state_name ?? null,
    state_message: run.state?.message ?? null,
    state_timestamp: run.state?.timestamp ?? null,
    expected_start_time: run.expected_start_time ?? null,
    start_time: run.start_time ?? null,
    end_time: run.end_time ?? null,
    tags: run.tags,
    work_pool_name: run.work_pool_name ?? null,
    work_queue_name: run.work_queue_name ?? null,
  };
}

function lowerLimitFrom(error: unknown, limit: number): number | undefined {
  if (!(error instanceof PrefectApiError) || error.status !== 422) return undefined;
  const match = /limit: must be less than or equal to (\d+)/i.exec(error.detail);
  const cap = match ? Number(match[1]) : NaN;
  return cap >= 1 && cap < limit ? cap : undefined;
}

function get(path: string): ApiRequest {
  return { method: 'GET', path, idempotent: true };
}

function post(path: string, body: unknown, idempotent: boolean): ApiRequest {
  return { method: 'POST', path, body, idempotent };
}

/** One URL path segment: names may hold spaces, `:`, `|` or emoji. */
function segment(value: string): string {
  return encodeURIComponent(value);
}

function uniqueById<T extends { id: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}
