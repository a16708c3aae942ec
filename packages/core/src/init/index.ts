// `acme-portal init`: the config, workflow templates and next steps for a repository, fresh or
// imported from prefect.yaml / the SDK's config (the import itself lives in migrate/).
export {
  planInit,
  writeInitPlan,
  DEFAULT_ENVIRONMENTS,
  MIGRATION_REPORT_FILE,
  type InitPlan,
  type InitRequest,
  type PlannedFile,
} from './init-plan.js';
export {
  WORKFLOW_TEMPLATES,
  DEFAULT_WORKFLOWS,
  parseWorkflowNames,
  fitTemplate,
  type WorkflowName,
} from './workflow-templates.js';
export { lastWorkdir, pyprojectName } from './repository-facts.js';
export { flowsRootFor } from './fresh-config.js';
