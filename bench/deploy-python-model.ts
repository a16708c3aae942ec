// A model (not a measurement) of Prefect's own Python deploy path, as acme-portal-sdk drives it:
// import every flow module, then one sequential `flow.deploy()` per flow, on a fresh runner.

/** One HTTP request `flow.deploy()` makes, and where in Prefect's SDK it is made. */
export interface ModelledRequest {
  request: string;
  source: string;
}

/**
 * Prefect 3.x (read at PrefectHQ/prefect 3.8.4.dev6, src/prefect), self-hosted server with CSRF
 * protection off (its default), `flow.deploy(..., image=..., build=False, push=False)` and no
 * triggers or SLAs, as acme_portal_sdk/prefect/flow_deploy.py `PrefectFlowDeployer.deploy` calls it.
 * Every `async with get_client()` outside a client context makes a new client (new connection,
 * CSRF support re-enabled), which is why the CSRF probe and the work-pool reads repeat per flow.
 */
export const PYTHON_REQUESTS_BEFORE_APPLY: ModelledRequest[] = [
  { request: 'GET /work_pools/{pool}', source: 'flows.py Flow.adeploy: client.read_work_pool' },
  {
    request: 'POST /work_pools/{pool}/workers/filter',
    source: 'flows.py Flow.adeploy: client.read_workers_for_work_pool',
  },
  {
    request: 'GET /work_pools/{pool}',
    source: 'deployments/runner.py adeploy: client.read_work_pool (again)',
  },
  {
    request: 'POST /work_pools/{pool}/workers/filter',
    source: 'deployments/runner.py adeploy: client.read_workers_for_work_pool (again)',
  },
  {
    request: 'GET /deployments/name/{flow}/{deployment}',
    source: 'deployments/runner.py RunnerDeployment.aapply: client.read_deployment_by_name',
  },
];

export const PYTHON_REQUESTS_CREATE: ModelledRequest[] = [
  ...PYTHON_REQUESTS_BEFORE_APPLY,
  {
    request: 'GET /csrf-token?client=… (422)',
    source:
      'client/base.py _add_csrf_headers: first write of the new client opened in RunnerDeployment._create',
  },
  { request: 'POST /flows/', source: 'runner.py RunnerDeployment._create: client.create_flow_from_name' },
  { request: 'POST /deployments/', source: 'runner.py RunnerDeployment._create: client.create_deployment' },
  {
    request: 'DELETE /automations/owned-by/prefect.deployment.{id}',
    source: 'runner.py RunnerDeployment._create_triggers (always called, even with no triggers)',
  },
];

export const PYTHON_REQUESTS_UPDATE: ModelledRequest[] = [
  ...PYTHON_REQUESTS_BEFORE_APPLY,
  {
    request: 'GET /csrf-token?client=… (422)',
    source: 'client/base.py _add_csrf_headers: first write of the client opened in aapply',
  },
  {
    request: 'PATCH /deployments/{id}',
    source: 'runner.py RunnerDeployment._update: client.update_deployment',
  },
  {
    request: 'DELETE /automations/owned-by/prefect.deployment.{id}',
    source: 'runner.py RunnerDeployment._create_triggers',
  },
];

/** A figure the model assumes, as a low..high range, with what it rests on. */
export interface Assumption {
  name: string;
  lowMs: number;
  highMs: number;
  basis: string;
}

export const PYTHON_ASSUMPTIONS = {
  install: {
    name: 'install the Python environment on a fresh runner (setup-python, pip install prefect + project)',
    lowMs: 30_000,
    highMs: 60_000,
    basis: 'ASSUMPTION: typical pip install of prefect 3 and its ~100 dependencies on a hosted runner',
  },
  importPrefect: {
    name: 'interpreter start + first `import prefect` (once)',
    lowMs: 1_000,
    highMs: 2_500,
    basis:
      'PrefectHQ/prefect#12619: `import prefect` ~1.5 s, `prefect version` 2.1 s wall on an Apple-silicon laptop; runners are slower',
  },
  importModule: {
    name: 'import one flow module after prefect is loaded (per flow)',
    lowMs: 5,
    highMs: 50,
    basis: 'ASSUMPTION: a small module plus its own imports (pandas, sqlalchemy, … cost more)',
  },
  deployOverhead: {
    name: 'Python-side work of one flow.deploy() besides waiting on HTTP (per flow)',
    lowMs: 10,
    highMs: 50,
    basis:
      'ASSUMPTION: pydantic models, parameter schema, loop-thread hop, 3-4 new httpx clients, `git log -1` subprocess for version_info in GitHub Actions',
  },
} satisfies Record<string, Assumption>;

export interface PythonPathEstimate {
  flows: number;
  requestsPerFlow: number;
  /** Requests x latency, sequential: the part that follows from the SDK source. */
  apiMs: number;
  lowMs: number;
  highMs: number;
  /** Without the install (a runner with the environment cached). */
  warmLowMs: number;
  warmHighMs: number;
}

export function estimatePythonPath(
  flows: number,
  latencyMs: number,
  mode: 'create' | 'update',
): PythonPathEstimate {
  const requestsPerFlow = (mode === 'create' ? PYTHON_REQUESTS_CREATE : PYTHON_REQUESTS_UPDATE).length;
  const apiMs = flows * requestsPerFlow * latencyMs;
  const a = PYTHON_ASSUMPTIONS;
  const warmLowMs = apiMs + a.importPrefect.lowMs + flows * (a.importModule.lowMs + a.deployOverhead.lowMs);
  const warmHighMs =
    apiMs + a.importPrefect.highMs + flows * (a.importModule.highMs + a.deployOverhead.highMs);
  return {
    flows,
    requestsPerFlow,
    apiMs,
    lowMs: warmLowMs + a.install.lowMs,
    highMs: warmHighMs + a.install.highMs,
    warmLowMs,
    warmHighMs,
  };
}
