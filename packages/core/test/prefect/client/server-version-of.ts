// A ServerVersion from its text, for tables of versions in tests.
import { parseServerVersion, type ServerVersion } from '../../../src/prefect/client/index.js';

export function server(version: string): ServerVersion {
  const parsed = parseServerVersion(version);
  if (!parsed) throw new Error(`not a version: ${version}`);
  return parsed;
}
