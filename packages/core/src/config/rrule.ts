// A sanity check of iCalendar recurrence rules (RFC 5545) as Prefect's server reads them with
// dateutil's rrulestr: known properties and parameters, well-formed values. Not a full parser.

/** Prefect refuses longer rules. */
const MAX_LENGTH = 6500;

const FREQUENCIES = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY', 'SECONDLY'];
const WEEKDAY = '(MO|TU|WE|TH|FR|SA|SU)';
const DATE_TIME = /^\d{8}(T\d{6}Z?)?$/;

type ValueCheck = (value: string) => boolean;

function integers(min: number, max: number, signed = false): ValueCheck {
  return (value) =>
    value.split(',').every((item) => {
      if (!/^[+-]?\d+$/.test(item)) return false;
      const number = Number(item);
      if (number < 0 || item.startsWith('-')) return signed && -number >= min && -number <= max;
      return number >= min && number <= max;
    });
}

/** The parameters of an RRULE line, and what each value may be. */
const PARAMETERS: Record<string, ValueCheck> = {
  FREQ: (value) => FREQUENCIES.includes(value),
  INTERVAL: integers(1, Number.MAX_SAFE_INTEGER),
  COUNT: integers(1, Number.MAX_SAFE_INTEGER),
  UNTIL: (value) => DATE_TIME.test(value),
  WKST: (value) => new RegExp(`^${WEEKDAY}$`).test(value),
  BYDAY: (value) => value.split(',').every((item) => new RegExp(`^[+-]?\\d{0,2}${WEEKDAY}$`).test(item)),
  BYMONTH: integers(1, 12),
  BYMONTHDAY: integers(1, 31, true),
  BYYEARDAY: integers(1, 366, true),
  BYWEEKNO: integers(1, 53, true),
  BYSETPOS: integers(1, 366, true),
  BYHOUR: integers(0, 23),
  BYMINUTE: integers(0, 59),
  BYSECOND: integers(0, 59),
  BYEASTER: integers(0, 366, true),
};
PARAMETERS.BYWEEKDAY = PARAMETERS.BYDAY!;

const PROPERTIES = ['DTSTART', 'RRULE', 'RDATE', 'EXRULE', 'EXDATE'];

/** Why Prefect would refuse `rule`, or null when it looks right. */
export function rruleProblem(rule: string): string | null {
  const text = rule.trim().toUpperCase();
  if (text === '') return 'the rrule is empty; write for example "FREQ=WEEKLY;BYDAY=MO"';
  if (text.length > MAX_LENGTH)
    return `the rrule is ${text.length} characters long; Prefect allows ${MAX_LENGTH}`;
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  let rules = 0;
  for (const line of lines) {
    const colon = line.indexOf(':');
    const [property, value] = colon === -1 ? ['RRULE', line] : [line.slice(0, colon), line.slice(colon + 1)];
    const name = property.split(';')[0]!;
    if (!PROPERTIES.includes(name)) {
      return `"${line}" is not an rrule line; expected one of ${PROPERTIES.join(', ')} (for example "FREQ=WEEKLY;BYDAY=MO")`;
    }
    if (name === 'RRULE' || name === 'EXRULE') {
      const problem = ruleProblem(value);
      if (problem) return problem;
      if (name === 'RRULE') rules += 1;
    } else if (!value.split(',').every((item) => DATE_TIME.test(item))) {
      return `${name} "${value}" is not a date like 20250101 or 20250101T090000Z`;
    }
  }
  if (rules === 0) return 'the rrule has no rule; add a line like "RRULE:FREQ=WEEKLY;BYDAY=MO"';
  return null;
}

function ruleProblem(rule: string): string | null {
  const seen = new Set<string>();
  for (const part of rule.split(';').filter((item) => item !== '')) {
    const equals = part.indexOf('=');
    if (equals === -1) return `"${part}" in the rrule is not KEY=VALUE`;
    const key = part.slice(0, equals);
    const value = part.slice(equals + 1);
    const check = PARAMETERS[key];
    if (!check) return `unknown rrule parameter ${key}; known: ${Object.keys(PARAMETERS).join(', ')}`;
    if (!check(value)) return `${key}=${value} in the rrule has an invalid value`;
    seen.add(key);
  }
  if (!seen.has('FREQ')) return `the rrule "${rule}" has no FREQ; add one of FREQ=${FREQUENCIES.join('|')}`;
  return null;
}
