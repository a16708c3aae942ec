// Runner-side glue shared by the three actions; the domain stays in @portal-actions/core.
export * from './input-list.js';
export * from './action-inputs.js';
export * from './fail-step.js';
export * from './step-outputs.js';
export * from './markdown-table.js';
export * from './runner-progress.js';
export * from './env-vars-command.js';
export * from './github-run.js';
export * from './github-api.js';
export * from './prefect-connection.js';
export * from './schedule-text.js';
export * from './repository-flows.js';
export * from './load-portal-config.js';
export * from './extra-env-vars.js';
export * from './job-summary.js';
export * from './outcome-report.js';
export * from './secret-masking.js';
