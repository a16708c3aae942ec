// The Prefect server version (GET /admin/version) as numbers, and the comparison the version
// gates use. Cloud has no version to ask for: it counts as the newest 3.x.
import type { ServerVersion } from '../prefect-api.js';

export type { ServerVersion };

/** The oldest server whose API this client has been checked against. */
export const OLDEST_SUPPORTED_VERSION = '2.16.0';

/** Cloud runs the newest server: every gate below major 4 is open. */
export const CLOUD_SERVER_VERSION: ServerVersion = Object.freeze({
  version: 'cloud',
  major: 3,
  minor: Number.MAX_SAFE_INTEGER,
  patch: Number.MAX_SAFE_INTEGER,
  isCloud: true,
});

/** `"3.8.3"`, `"3.4.25.dev1"`, `"2.20.3+12.gabcdef"` → numbers; null if not a version. */
export function parseServerVersion(text: string): ServerVersion | null {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return null;
  return {
    version: text.trim(),
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3] ?? 0),
    isCloud: false,
  };
}

/** Whether the server is at least `minimum` (`"3.1.5"`). Cloud always is. */
export function atLeast(server: ServerVersion, minimum: string): boolean {
  if (server.isCloud) return true;
  const [major = 0, minor = 0, patch = 0] = minimum.split('.').map(Number);
  if (server.major !== major) return server.major > major;
  if (server.minor !== minor) return server.minor > minor;
  return server.patch >= patch;
}
