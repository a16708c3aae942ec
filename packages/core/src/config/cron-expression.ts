// Checks a cron expression the way Prefect's server will (croniter, minus random and hashed
// fields) before anything is sent, so a typo fails the step with the file and line instead of a 422.
import { CronExpressionParser } from 'cron-parser';

/** The `@` aliases croniter knows. */
const ALIASES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

const FIELD_NAMES = ['minute', 'hour', 'day-of-month', 'month', 'day-of-week'] as const;
const DAY_OF_MONTH = 2;
const MONTH = 3;
const DAY_OF_WEEK = 4;

const MONTH_NUMBERS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12, // prettier-ignore
};
const DAY_NUMBERS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const FIVE_FIELDS = 'write 5 fields: minute hour day-of-month month day-of-week';

/**
 * Why Prefect would refuse `expression`, or null when it accepts it. Five fields or one of
 * croniter's `@` aliases. Six and seven fields are refused on purpose although croniter takes
 * them: it reads the sixth as seconds *after* day-of-week, so a Quartz-style `0 0 12 * * *`
 * would silently mean "every second of 00:00 on the 12th".
 */
export function cronProblem(expression: string): string | null {
  const text = expression.trim();
  if (text === '') return `the cron expression is empty; ${FIVE_FIELDS}`;
  if (text.startsWith('@')) {
    return ALIASES.has(text.toLowerCase())
      ? null
      : `"${text}" is not a cron alias Prefect knows; use one of ${[...ALIASES].join(', ')} or ${FIVE_FIELDS}`;
  }
  const fields = text.split(/\s+/);
  if (fields.length === 6 || fields.length === 7) {
    return (
      `"${text}" has ${fields.length} fields; ${FIVE_FIELDS}. Prefect (croniter) would read the sixth field as ` +
      'seconds after day-of-week, not before the minute as Quartz-style crons do'
    );
  }
  if (fields.length !== 5)
    return `"${text}" has ${fields.length} field${fields.length === 1 ? '' : 's'}; ${FIVE_FIELDS}`;

  const translated: string[] = [];
  for (const [index, raw] of fields.entries()) {
    const field = raw.toLowerCase();
    const name = FIELD_NAMES[index]!;
    if (/(^|,)[hr](\(|\/|,|$)/.test(field)) {
      return `"${text}" uses a random or hashed value (H or R) in the ${name} field, which Prefect does not support`;
    }
    if (index === DAY_OF_MONTH && field.includes('w')) {
      return `"${text}" uses W (nearest weekday) in the day-of-month field, which Prefect's cron parser does not support`;
    }
    if (index === DAY_OF_WEEK) {
      const problem = lastWeekdayProblem(field, text);
      if (problem) return problem;
    }
    translated.push(
      forParser(index === DAY_OF_WEEK ? lastWeekdayForParser(field) : field, index).toUpperCase(),
    );
  }

  try {
    CronExpressionParser.parse(translated.join(' '));
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `"${text}" is not a valid cron expression (${reason}); ${FIVE_FIELDS}`;
  }
}

/**
 * croniter takes a few forms cron-parser spells differently or refuses; rewrite them so
 * cron-parser still checks every number: `20-L` (to the last day), and ranges that wrap around
 * (`fri-mon`, `22-2`), which croniter allows in every field.
 */
function forParser(field: string, index: number): string {
  return field
    .split(',')
    .map((item) => {
      const match = /^([a-z0-9]+)-([a-z0-9]+)(\/\d+)?$/.exec(item);
      if (!match) return item;
      const [, low, high, step = ''] = match;
      const highText = index === DAY_OF_MONTH && high === 'l' ? '31' : high!;
      const lowNumber = numberOf(low!, index);
      const highNumber = numberOf(highText, index);
      if (lowNumber !== null && highNumber !== null && lowNumber > highNumber)
        return `${highText}-${low}${step}`;
      return `${low}-${highText}${step}`;
    })
    .join(',');
}

function numberOf(token: string, index: number): number | null {
  if (/^\d+$/.test(token)) return Number(token);
  if (index === MONTH) return MONTH_NUMBERS[token] ?? null;
  if (index === DAY_OF_WEEK) return DAY_NUMBERS[token] ?? null;
  return null;
}

/**
 * croniter writes "the last Friday of the month" as `L5`; cron-parser as `5L`. Only croniter's
 * form reaches Prefect intact, so the other is refused with the spelling to use.
 */
function lastWeekdayProblem(field: string, text: string): string | null {
  for (const item of field.split(',')) {
    if (item === 'l') {
      return `"${text}" has a bare L in the day-of-week field; write L<day> for the last such weekday of the month (L5: the last Friday)`;
    }
    if (/^[0-7a-z]+l$/.test(item)) {
      const day = item.slice(0, -1).toUpperCase();
      return `"${text}" writes the last weekday of the month as "${item.toUpperCase()}"; Prefect (croniter) writes it "L${day}"`;
    }
  }
  return null;
}

function lastWeekdayForParser(field: string): string {
  return field
    .split(',')
    .map((item) => (/^l[0-7]$/.test(item) ? `${item.slice(1)}L` : item))
    .join(',');
}
