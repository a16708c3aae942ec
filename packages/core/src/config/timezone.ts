// Checks a schedule's timezone name against the IANA database Node carries, the same database
// Prefect's server (Python zoneinfo) validates against.
import { closestNames } from '../naming/closest-names.js';

let knownZones: string[] | undefined;
/** Building an Intl.DateTimeFormat is slow and a config repeats the same few zones. */
const checked = new Map<string, string | null>();

/**
 * Why Prefect would refuse `name`, or null. Node resolves names case-insensitively and follows
 * aliases (`US/Eastern`); Python's zoneinfo is case-sensitive, so a name whose case differs from
 * the database's is refused here too, with the right spelling.
 */
export function timezoneProblem(name: string): string | null {
  if (!checked.has(name)) checked.set(name, check(name));
  return checked.get(name)!;
}

function check(name: string): string | null {
  let resolved: string;
  try {
    // Newer V8s (Node 24) also accept UTC offsets such as "+05:00"; zoneinfo does not.
    if (!/^[A-Za-z]/.test(name)) throw new RangeError(name);
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    knownZones ??= [...Intl.supportedValuesOf('timeZone'), 'UTC'];
    const close = closestNames(name, knownZones, 1);
    const suggestion = close.length > 0 ? ` did you mean "${close[0]}"?` : '';
    return `unknown timezone "${name}";${suggestion} use an IANA name such as "America/New_York", "Europe/Paris" or "UTC"`;
  }
  const caseDiffers = resolved.toLowerCase() === name.toLowerCase() && resolved !== name;
  // Every IANA name and alias starts each `/` part with a capital letter (UTC, Etc/GMT+5, US/Eastern).
  const lowerCasePart = name.split('/').some((part) => !/^[A-Z]/.test(part));
  if (caseDiffers || lowerCasePart) {
    return `timezone names are case-sensitive in Prefect: write "${resolved}" instead of "${name}"`;
  }
  return null;
}
