// Plain REST calls the end-to-end scenarios use to arrange a server and read back what the actions
// wrote, without going through the product's PrefectClient (so a client bug cannot hide itself).

/** A deployment as Prefect answers it; only the fields the scenarios read. */
export interface ServerDeploymentView {
  id: string;
  name: string;
  flow_id: string;
  version: string | null;
  description: string | null;
  tags: string[];
  entrypoint: string | null;
  path: string | null;
  pull_steps: Record<string, unknown>[] | null;
  job_variables: Record<string, unknown> & { env?: Record<string, string>; image?: string };
  parameters: Record<string, unknown>;
  parameter_openapi_schema: Record<string, unknown> | null;
  work_pool_name: string | null;
  schedules: {
    id: string;
    /** Absent before 3.2, which keeps no slugs. */
    slug?: string | null;
    active: boolean;
    schedule: Record<string, unknown> & { cron?: string; timezone?: string | null; interval?: number };
  }[];
}

/** "Busy, try again": a real server on SQLite answers 503 while its database is locked, Cloud 429. */
const BUSY = new Set([429, 503]);
/** How long one call keeps retrying a busy answer, as the product's client does (its busy budget). */
const BUSY_BUDGET_MS = 120_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An automation as Prefect answers it. */
export interface AutomationView {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  tags: string[];
  trigger: Record<string, unknown>;
  actions: Record<string, unknown>[];
  updated: string;
}

/** A 2.x server answers job variables under `infra_overrides`: read them where every version has them. */
function view(answer: unknown): ServerDeploymentView {
  const deployment = answer as ServerDeploymentView & {
    infra_overrides?: ServerDeploymentView['job_variables'];
  };
  if (deployment.job_variables === undefined && deployment.infra_overrides !== undefined) {
    const { infra_overrides: jobVariables, ...rest } = deployment;
    return { ...rest, job_variables: jobVariables };
  }
  return deployment;
}

export class PrefectRest {
  constructor(readonly url: string) {}

  /** One call, sent again after a busy answer (Retry-After honoured, else backoff from 0.5 s, at most 8 s). */
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const started = Date.now();
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`${this.url}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const answer = { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
      if (!BUSY.has(answer.status)) return answer;
      const header = response.headers.get('retry-after');
      const retryAfter = header === null ? NaN : Number(header);
      const wait =
        Number.isFinite(retryAfter) && retryAfter >= 0
          ? retryAfter * 1000
          : Math.min(8000, 500 * 2 ** (attempt - 1));
      if (Date.now() - started + wait > BUSY_BUDGET_MS) return answer;
      await pause(wait);
    }
  }

  async #expect(method: string, path: string, body: unknown, statuses: number[]): Promise<unknown> {
    const answer = await this.call(method, path, body);
    if (!statuses.includes(answer.status)) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer.body;
  }

  /** A pool as the e2e workflow creates one: over the API, so with an empty base job template
   * (409: it exists already, which is fine on a shared server). */
  async createWorkPool(name: string, type: 'process' | 'docker'): Promise<void> {
    await this.#expect('POST', '/work_pools/', { name, type }, [201, 409]);
  }

  async createFlow(name: string): Promise<string> {
    const flow = (await this.#expect('POST', '/flows/', { name }, [200, 201])) as { id: string };
    return flow.id;
  }

  async createDeployment(body: Record<string, unknown>): Promise<ServerDeploymentView> {
    return view(await this.#expect('POST', '/deployments/', body, [200, 201]));
  }

  async readDeployment(id: string): Promise<ServerDeploymentView> {
    return view(await this.#expect('GET', `/deployments/${id}`, undefined, [200]));
  }

  async deleteDeployment(id: string): Promise<void> {
    await this.#expect('DELETE', `/deployments/${id}`, undefined, [204, 404]);
  }

  /** Every deployment whose name contains `fragment` (case-insensitive), by name. */
  async deploymentsLike(fragment: string): Promise<Map<string, ServerDeploymentView>> {
    const found = new Map<string, ServerDeploymentView>();
    for (let offset = 0; ; offset += 200) {
      const page = (await this.#expect(
        'POST',
        '/deployments/filter',
        { deployments: { name: { like_: fragment } }, limit: 200, offset },
        [200],
      )) as ServerDeploymentView[];
      for (const deployment of page) found.set(deployment.name, view(deployment));
      if (page.length < 200) return found;
    }
  }

  /** Every automation on the server (all pages of POST /automations/filter). */
  async automations(): Promise<AutomationView[]> {
    const found: AutomationView[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = (await this.#expect(
        'POST',
        '/automations/filter',
        { limit: 200, offset },
        [200],
      )) as AutomationView[];
      found.push(...page);
      if (page.length < 200) return found;
    }
  }

  /** The automations whose run-deployment action runs one of `deploymentIds`. */
  async automationsRunning(deploymentIds: Iterable<string>): Promise<AutomationView[]> {
    const ids = new Set(deploymentIds);
    return (await this.automations()).filter((automation) =>
      automation.actions.some((action) => ids.has(String(action.deployment_id))),
    );
  }

  async deleteAutomation(id: string): Promise<void> {
    await this.#expect('DELETE', `/automations/${id}`, undefined, [204, 404]);
  }

  async patchAutomation(id: string, body: Record<string, unknown>): Promise<void> {
    await this.#expect('PATCH', `/automations/${id}`, body, [204]);
  }

  /** The deployments of one branch (every project and environment), by name. */
  branchDeployments(branch: string): Promise<Map<string, ServerDeploymentView>> {
    return this.deploymentsLike(`--${branch}--`);
  }
}
