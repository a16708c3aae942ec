// Import from prefect.yaml and acme-portal-sdk's static config into `.acme-portal.yml`, with the
// migration report (what carried over, what did not and why, how to remove the old deployments).
export {
  readPrefectYaml,
  type PrefectYamlFile,
  type PrefectYamlDeployment,
} from './prefect-yaml/prefect-yaml-file.js';
export {
  templatesIn,
  envTemplateToConfig,
  type TemplateUse,
  type TemplateKind,
} from './prefect-yaml/prefect-templates.js';
export {
  importDeploymentSettings,
  intervalSeconds,
  type DeploymentImport,
  type DroppedField,
} from './prefect-yaml/deployment-settings.js';
export { matchEntrypoint, prefectFlowName, type EntrypointMatch } from './entrypoint-match.js';
export { groupDeployments, type DeploymentGroup } from './deployment-groups.js';
export { environmentWordIn, promotionOrder } from './environment-words.js';
export { buildProjectImport, type ProjectImport, type ImportedDeployment } from './imported-config.js';
export { readImportSources, type ImportSource } from './import-sources.js';
export { importPrefectYaml, type PrefectYamlImport } from './import-prefect-yaml.js';
export { importSdkConfig } from './import-sdk-config.js';
export { migrationReport } from './migration-report.js';
export { configYaml, WORK_POOL_PLACEHOLDER } from './config-yaml.js';
