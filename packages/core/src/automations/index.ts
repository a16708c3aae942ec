// The automations room: a deployment's `triggers` as Prefect automations (model, config schema,
// references, body, planner) and the door deploy, promote and cleanup call it through.
export * from './trigger-model.js';
export * from './trigger-schema.js';
export * from './deployment-references.js';
export * from './automation-body.js';
export * from './automation-plan.js';
export * from './automation-triggers.js';
export * from './environment-references.js';
export * from './deployment-automations.js';
