// Health and version routes: /health answers true, /version the REST API version every server since 2.16
// reports ("0.8.4"), /admin/version the package version (absent on Prefect Cloud), /ready `{"message":"OK"}`.

import type { Router } from '../http/router.js';
import { json } from '../http/replies.js';
import type { ApiContext } from './api-context.js';

export const REST_API_VERSION = '0.8.4';

export function addRootRoutes(router: Router, api: ApiContext): void {
  router.add('GET', '/health', () => json(200, true), { checksApiVersion: false });
  router.add('GET', '/version', () => json(200, REST_API_VERSION), { checksApiVersion: false });
  router.add('GET', '/ready', () => json(200, { message: 'OK' }));
  if (!api.profile.cloud) router.add('GET', '/admin/version', () => json(200, api.profile.version));
}
