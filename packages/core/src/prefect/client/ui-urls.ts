// Links into the Prefect UI derived from the API URL, the way Prefect's SDK derives PREFECT_UI_URL:
// Cloud's app. host and singular /account/ /workspace/ routes; a self-hosted URL minus its /api.
import { isCloudApiUrl, normaliseApiUrl } from './connection.js';

/** The UI base for an API URL (`http://host:4200`, `https://app.prefect.cloud/account/a/workspace/w`). */
export function uiBaseUrl(apiUrl: string): string {
  const api = normaliseApiUrl(apiUrl);
  if (isCloudApiUrl(api)) {
    const path = api
      .slice('https://api.prefect.cloud/api'.length)
      .replace(/^\/accounts\//, '/account/')
      .replace(/\/workspaces\//, '/workspace/');
    return `https://app.prefect.cloud${path}`;
  }
  // Only a trailing /api segment: a custom base path such as /prefect/api keeps its /prefect,
  // and /api-gateway/api keeps its /api-gateway.
  return api.replace(/\/api$/, '');
}

function baseFor(apiUrl: string, uiUrl?: string): string {
  return uiUrl ? uiUrl.trim().replace(/\/+$/, '') : uiBaseUrl(apiUrl);
}

/** `<ui base>/deployments/deployment/{id}`; `uiUrl` overrides the derived base (PREFECT_UI_URL). */
export function deploymentUrl(apiUrl: string, deploymentId: string, uiUrl?: string): string {
  return `${baseFor(apiUrl, uiUrl)}/deployments/deployment/${encodeURIComponent(deploymentId)}`;
}

/** `<ui base>/runs/flow-run/{id}`, the UI's flow-run page. */
export function flowRunUrl(apiUrl: string, flowRunId: string, uiUrl?: string): string {
  return `${baseFor(apiUrl, uiUrl)}/runs/flow-run/${encodeURIComponent(flowRunId)}`;
}
