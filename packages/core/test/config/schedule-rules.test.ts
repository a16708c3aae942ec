import { describe, expect, it } from '@jest/globals';
import { cronProblem } from '../../src/config/cron-expression.js';
import { rruleProblem } from '../../src/config/rrule.js';
import { timezoneProblem } from '../../src/config/timezone.js';

describe('cronProblem: what Prefect (croniter) accepts', () => {
  it.each([
    '0 12 * * 1-5',
    '*/5 * * * *',
    '10/5 * * * *',
    '0 0 1,15 * *',
    '0 6 * * mon-fri',
    '0 6 * jan,jul *',
    '0 0 L * *',
    '0 0 20-L * *',
    '0 0 * * L5',
    '0 0 * * 5#3',
    '0 0 ? * 1',
    '0 0 * * 7',
    '0 22-2 * * *',
    '0 0 * * fri-mon',
    '@daily',
    '@HOURLY',
    '@annually',
    '  0 6 * * *  ',
  ])('accepts %s', (cron) => {
    expect(cronProblem(cron)).toBeNull();
  });

  it.each([
    ['', /is empty/],
    ['0 25 * * *', /not a valid cron expression \(.*25.*0-23/],
    ['61 * * * *', /not a valid cron expression/],
    ['0 0 0 * *', /not a valid cron expression/],
    ['0 0 * 13 *', /not a valid cron expression/],
    ['0 0 * * 8', /not a valid cron expression/],
    ['5/0 * * * *', /not a valid cron expression/],
    ['a b c d e', /not a valid cron expression/],
    ['* * * *', /has 4 fields; write 5 fields/],
    ['0 0 12 * * *', /has 6 fields; .*seconds after day-of-week/],
    ['0 0 12 * * * 2030', /has 7 fields/],
    ['H * * * *', /random or hashed value \(H or R\) in the minute field/],
    ['0 R * * *', /random or hashed value .* in the hour field/],
    ['0 0 15W * *', /W \(nearest weekday\)/],
    ['0 0 * * 5L', /Prefect \(croniter\) writes it "L5"/],
    ['0 0 * * L', /bare L in the day-of-week field/],
    ['@weekdays', /not a cron alias Prefect knows/],
  ])('refuses %j', (cron, reason) => {
    expect(cronProblem(cron)).toMatch(reason);
  });
});

describe('timezoneProblem', () => {
  it.each([
    'UTC',
    'America/New_York',
    'Europe/Paris',
    'Asia/Kolkata',
    'Asia/Calcutta',
    'US/Eastern',
    'Etc/GMT+5',
    'EST5EDT',
  ])('accepts %s', (zone) => {
    expect(timezoneProblem(zone)).toBeNull();
  });

  it('refuses names Python would not find, with the right spelling', () => {
    expect(timezoneProblem('utc')).toMatch(/case-sensitive in Prefect: write "UTC"/);
    expect(timezoneProblem('america/new_york')).toMatch(/write "America\/New_York"/);
    expect(timezoneProblem('Mars/Olympus')).toMatch(/^unknown timezone "Mars\/Olympus"/);
    expect(timezoneProblem('+05:00')).toMatch(/unknown timezone/);
    expect(timezoneProblem('Europe/Pariss')).toMatch(/did you mean "Europe\/Paris"\?/);
  });
});

describe('rruleProblem', () => {
  it.each([
    'FREQ=WEEKLY;BYDAY=MO',
    'freq=daily;interval=2',
    'RRULE:FREQ=MONTHLY;BYMONTHDAY=-1',
    'FREQ=YEARLY;BYMONTH=1,7;BYDAY=1MO,-1FR;COUNT=10',
    'DTSTART:20250101T090000Z\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20251231T000000Z',
    'DTSTART;TZID=Europe/Paris:20250101T090000\nRRULE:FREQ=DAILY\nEXDATE:20250102T090000',
  ])('accepts %j', (rule) => {
    expect(rruleProblem(rule)).toBeNull();
  });

  it.each([
    ['', /is empty/],
    ['FREQ=SOMETIMES', /FREQ=SOMETIMES in the rrule has an invalid value/],
    ['BYDAY=MO', /has no FREQ/],
    ['FREQ=DAILY;BYHOUR=24', /BYHOUR=24/],
    ['FREQ=DAILY;EVERY=2', /unknown rrule parameter EVERY/],
    ['FREQ=DAILY;INTERVAL', /"INTERVAL" in the rrule is not KEY=VALUE/],
    ['DTSTART:yesterday\nRRULE:FREQ=DAILY', /DTSTART "YESTERDAY" is not a date/],
    ['DTSTART:20250101T000000Z', /has no rule/],
    ['SUMMARY:standup\nRRULE:FREQ=DAILY', /is not an rrule line/],
    [`FREQ=DAILY;BYMONTH=${'1,'.repeat(3300)}1`, /Prefect allows 6500/],
  ])('refuses %j', (rule, reason) => {
    expect(rruleProblem(rule)).toMatch(reason);
  });
});
