// The public surface of @portal-actions/core: the domain model, naming rules, errors, and the
// Prefect implementation of find / deploy / promote.
export * from './model/flow.js';
export * from './model/deployment.js';
export * from './model/environment.js';
export * from './model/operations.js';
export * from './model/progress.js';
export * from './errors/portal-error.js';
export * from './naming/index.js';
