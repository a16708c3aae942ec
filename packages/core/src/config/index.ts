// The configuration file: reading `.acme-portal.yml` (or the SDK's legacy file) with located
// errors, and the effective settings of one flow in one environment.
export { loadConfig, DEFAULT_CONFIG_FILES, type LoadConfigOptions } from './load-config.js';
export { parseConfig, emptyConfig, type LoadedConfig, type Environ } from './parse-config.js';
export { locateInConfig, type PortalConfig, type ConfiguredEnvironment } from './portal-config.js';
export { listEnvironments, environmentOrder, requireEnvironment, nextEnvironment } from './environments.js';
export {
  resolveFlowSettings,
  resolveEnvironmentOverrides,
  type FlowSettings,
  type EnvironmentOverrides,
  type SettingOrigin,
  type RunValues,
} from './resolve-settings.js';
export { parameterMistakes, refuseParameterMistakes } from './parameter-check.js';
export { flowVariants } from './variants.js';
export { readEnvironmentPrefect, type EnvironmentPrefect } from './environment-prefect.js';
export { flowReferences, unmatchedFlows, type FlowReference, type UnmatchedFlow } from './flow-references.js';
export {
  PLACEHOLDERS,
  fillPlaceholders,
  imageTagSafe,
  type PlaceholderName,
  type PlaceholderValues,
} from './placeholders.js';
export { LEGACY_DEFAULTS } from './legacy-format.js';
export {
  ENVIRONMENT_NAME,
  RESERVED_ENV_VARS,
  RESERVED_TAG_KEYS,
  SETTING_KEYS,
  type ConfigFile,
  type EnvironmentPrefectLayer,
  type SettingsLayer,
  type FlowSettingsLayer,
  type EnvironmentLayer,
  type ScheduleItem,
  type ConcurrencyOptions,
  type PullStep,
  type SettingKey,
} from './schema.js';
export { cronProblem } from './cron-expression.js';
export { timezoneProblem } from './timezone.js';
export { rruleProblem } from './rrule.js';
