// The Prefect REST client: PrefectClient, its errors, version gates and UI links.
// Everything another module may use is exported from here.
export {
  PrefectClient,
  MAX_PAGE_SIZE,
  type PrefectClientOptions,
  type PrefectTraffic,
  type DeploymentFilter,
} from './prefect-client.js';
export {
  DEFAULT_USER_AGENT,
  isCloudApiUrl,
  normaliseApiUrl,
  type PrefectConnection,
  type RetryInfo,
} from './connection.js';
export {
  PrefectApiError,
  PrefectAuthError,
  PrefectPlanLimitError,
  PrefectRateLimitError,
  PrefectResponseError,
  PrefectServerVersionError,
  PrefectUnreachableError,
  type PrefectCredential,
  type UnreachableReason,
} from './errors.js';
export { renderErrorDetail, MAX_DETAIL_CHARS, MAX_DETAIL_ENTRIES } from './error-detail.js';
export type { RequestTally } from './transport.js';
export {
  BUSY_STATUSES,
  DEFAULT_BUSY_BUDGET_MS,
  RETRYABLE_STATUSES,
  RETRIES_BEFORE_FIRST_ANSWER,
  TIMEOUT_RETRIES,
  backoffDelay,
  parseRetryAfter,
} from './retry-policy.js';
export {
  CLOUD_SERVER_VERSION,
  OLDEST_SUPPORTED_VERSION,
  atLeast,
  parseServerVersion,
  type ServerVersion,
} from './server-version.js';
export {
  deploymentFieldsFor,
  fieldsOnlyCreateWrites,
  fitDeploymentBody,
  type DeploymentFields,
  type DeploymentWrite,
  type FittedDeploymentBody,
} from './version-gates.js';
export {
  KEEP_ROWS,
  keptFieldsFor,
  type FieldFate,
  type KeepKind,
  type KeepRow,
  type KeptFields,
} from './kept-fields.js';
export { deploymentUrl, flowRunUrl, uiBaseUrl } from './ui-urls.js';
export type {
  PrefectDeployment,
  PrefectDeploymentSchedule,
  PrefectFlow,
  PrefectFlowRun,
  PrefectWorkPool,
} from './responses.js';
