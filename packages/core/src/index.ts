// The public surface of @portal-actions/core: the domain model, naming rules, errors, and the
// Prefect implementation of find / deploy / promote.
export * from './model/flow.js';
export * from './model/deployment.js';
export * from './model/environment.js';
export * from './model/operations.js';
export * from './model/progress.js';
export * from './errors/portal-error.js';
export * from './naming/index.js';
export * from './concurrency/run-bounded.js';
export * from './plan/plan.js';
export * from './plan/deployment-diff.js';
export * from './plan/canonical-json.js';
export * from './prefect/prefect-api.js';
export * from './prefect/server-deployment.js';
export * from './prefect/deployment-request.js';
export * from './deploy/deployment-settings.js';
export * from './deploy/run-context.js';
export * from './deploy/build-deployment-spec.js';
export * from './deploy/select-flows.js';
export * from './deploy/prefect-yaml-manifest.js';
export * from './deploy/prefect-deployer.js';
export * from './find-deployments/version-tags.js';
export * from './find-deployments/prefect-deployment-finder.js';
export * from './promote/target-spec.js';
export * from './promote/prefect-promoter.js';
export * from './prefect/client/index.js';
