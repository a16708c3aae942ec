// Writes the deploy benchmark's Python project: N small, realistic Prefect flows (one per module,
// typed parameters, tasks), a pyproject.toml with a version and an .acme-portal.yml.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const BENCH_WORK_POOL = 'bench-pool';
export const BENCH_PROJECT = 'bench';

export interface DeployProject {
  dir: string;
  /** Normalised flow names, in file order. */
  flowNames: string[];
  /** How many flows carry a schedule in dev. */
  scheduledInDev: number;
}

const DOMAINS = [
  'billing',
  'crm',
  'finance',
  'inventory',
  'marketing',
  'ops',
  'risk',
  'sales',
  'support',
  'web',
];
const SUBJECTS = [
  'invoice',
  'ledger',
  'order',
  'payment',
  'customer',
  'session',
  'stock',
  'score',
  'event',
  'report',
];
const VERBS = ['load', 'sync', 'refresh', 'export', 'backfill', 'audit', 'aggregate'];

function flowIdentity(index: number): {
  domain: string;
  module: string;
  flowName: string;
  hyphenName: string;
} {
  const domain = DOMAINS[index % DOMAINS.length]!;
  const subject = SUBJECTS[Math.floor(index / DOMAINS.length) % SUBJECTS.length]!;
  const verb = VERBS[index % VERBS.length]!;
  const serial = String(index).padStart(4, '0');
  const module = `${subject}_${verb}_${serial}`;
  return { domain, module, flowName: module, hyphenName: `${subject}-${verb}-${serial}` };
}

/** Four shapes of everyday flows, chosen by index: sync ETL, async API pull, report, backfill. */
function flowSource(index: number): string {
  const { domain, module, hyphenName } = flowIdentity(index);
  const [subject, verb] = module.split('_') as [string, string];
  switch (index % 4) {
    case 0:
      return `"""${domain}: ${verb} ${subject} records from the source system into the warehouse."""
from datetime import date, timedelta
from typing import Literal, Optional

from prefect import flow, task


@task(retries=2, retry_delay_seconds=10)
def extract(day: date, limit: int) -> list[dict]:
    return [{"day": day.isoformat(), "row": n} for n in range(limit)]


@task
def load(rows: list[dict], target: str, dry_run: bool) -> int:
    if dry_run:
        return 0
    return len(rows)


@flow(name="${hyphenName}", log_prints=True, retries=1)
def ${module}(
    day: Optional[date] = None,
    limit: int = 1000,
    target: str = "warehouse.${domain}_${subject}",
    mode: Literal["full", "incremental"] = "incremental",
    regions: list[str] = ["eu", "us"],
    dry_run: bool = False,
) -> int:
    """Loads one day of ${subject} records into the ${domain} warehouse.

    Args:
        day: the day to load; yesterday when not given.
        limit: at most this many rows.
        target: the warehouse table written.
        mode: full reload or only new rows.
        regions: which regions to include.
        dry_run: read but do not write.
    """
    rows = extract(day or date.today() - timedelta(days=1), limit)
    print(f"{len(rows)} rows in {mode} mode for {regions}")
    return load(rows, target, dry_run)
`;
    case 1:
      return `"""${domain}: pull ${subject} changes from the partner API."""
import asyncio
from datetime import datetime
from typing import Optional

import prefect


@prefect.task(retries=3)
async def fetch_page(cursor: Optional[str], page_size: int) -> dict:
    await asyncio.sleep(0)
    return {"items": [], "next": None}


@prefect.flow(name="${hyphenName}")
async def ${module}(
    since: datetime,
    page_size: int = 200,
    max_pages: Optional[int] = None,
    throttle_seconds: float = 0.5,
    headers: dict[str, str] = {},
) -> int:
    """Pulls ${subject} changes made since a point in time."""
    pages = 0
    cursor: Optional[str] = None
    while max_pages is None or pages < max_pages:
        page = await fetch_page(cursor, page_size)
        pages += 1
        cursor = page["next"]
        if cursor is None:
            break
        await asyncio.sleep(throttle_seconds)
    return pages
`;
    case 2:
      return `"""${domain}: the ${subject} report sent every morning."""
from typing import Literal

from prefect import flow, task


@task
def build_report(section: str, currency: str) -> str:
    return f"{section} in {currency}"


@task
def send(report: str, recipients: list[str]) -> None:
    print(f"sending to {recipients}: {report}")


@flow(description="Builds and sends the ${domain} ${subject} report.")
def ${module}(
    recipients: list[str] = ["${domain}@example.com"],
    currency: Literal["EUR", "GBP", "USD"] = "EUR",
    include_charts: bool = True,
    threshold: float = 0.05,
    sections: tuple[str, ...] = ("summary", "detail"),
) -> None:
    for section in sections:
        send(build_report(section, currency), recipients)
`;
    default:
      return `"""${domain}: backfill ${subject} aggregates over a date range."""
from datetime import date

from prefect import flow
from prefect.tasks import task


@task(retries=1)
def aggregate(day: date, granularity: str) -> int:
    return day.toordinal() % 7


@flow(name="${hyphenName}", retries=2, retry_delay_seconds=60)
def ${module}(
    start: date,
    end: date,
    granularity: str = "day",
    batch_size: int = 31,
    weights: dict[str, float] = {"web": 1.0, "store": 0.8},
    overwrite: bool | None = None,
) -> int:
    """Recomputes ${subject} aggregates from start to end, inclusive."""
    total = 0
    current = start
    while current <= end:
        total += aggregate(current, granularity)
        current = date.fromordinal(current.toordinal() + 1)
    return total
`;
  }
}

/**
 * The config file. `revision` is one value every deployment carries (an environment variable),
 * so changing it changes all of them.
 */
export function writeDeployConfig(project: DeployProject, revision: string): void {
  const lines = [
    '# Deploy benchmark project: written by bench/deploy-project.ts.',
    `project: ${BENCH_PROJECT}`,
    '',
    'flows:',
    '  root: flows',
    '',
    'defaults:',
    `  work_pool: ${BENCH_WORK_POOL}`,
    `  working_directory: /opt/prefect/${BENCH_PROJECT}`,
    '  tags: [bench, etl]',
    '  env:',
    `    CONFIG_REVISION: "${revision}"`,
    '    WAREHOUSE_URL: postgresql://warehouse.internal:5432/analytics',
    '',
    'deployments:',
  ];
  project.flowNames.forEach((name, index) => {
    const settings: string[] = [];
    // Only the ETL shape (index % 4 === 0) takes `limit`: deploy refuses a parameter a flow lacks.
    if (index % 28 === 0) settings.push('    parameters:', '      limit: 500');
    if (index % 11 === 0) settings.push('    job_variables:', '      stream_output: false');
    if (index % 13 === 0)
      settings.push(`    description: Owned by the ${DOMAINS[index % DOMAINS.length]} team.`);
    if (settings.length > 0) lines.push(`  ${name}:`, ...settings);
  });
  lines.push('', 'environments:', '  dev:', '    env:', '      LOG_LEVEL: DEBUG', '    deployments:');
  project.flowNames.forEach((name, index) => {
    if (index % 10 === 0) {
      lines.push(
        `      ${name}:`,
        '        schedules:',
        `          - cron: '${index % 60} 6 * * 1-5'`,
        '            timezone: Europe/London',
        '            slug: weekday-morning',
      );
    } else if (index % 25 === 3) {
      lines.push(
        `      ${name}:`,
        '        schedules:',
        '          - interval: 3600',
        '            slug: hourly',
      );
    }
  });
  lines.push('  prod:', '    env:', '      LOG_LEVEL: WARNING', '    deployments:');
  project.flowNames.forEach((name, index) => {
    if (index % 10 === 0) {
      lines.push(
        `      ${name}:`,
        '        schedules:',
        `          - cron: '${index % 60} 5 * * *'`,
        '            timezone: America/New_York',
        '            slug: daily',
      );
    }
  });
  writeFileSync(path.join(project.dir, '.acme-portal.yml'), `${lines.join('\n')}\n`);
}

/** Replaces `dir` with a fresh project of `flows` flows (deterministic: same input, same files). */
export function writeDeployProject(dir: string, flows: number): DeployProject {
  rmSync(dir, { recursive: true, force: true });
  const flowNames: string[] = [];
  for (let index = 0; index < flows; index++) {
    const { domain, module, flowName } = flowIdentity(index);
    const folder = path.join(dir, 'flows', domain);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${module}.py`), flowSource(index));
    flowNames.push(flowName);
  }
  const domains = new Set(flowNames.map((_, index) => flowIdentity(index).domain));
  for (const domain of domains) writeFileSync(path.join(dir, 'flows', domain, '__init__.py'), '');
  writeFileSync(path.join(dir, 'flows', '__init__.py'), '');
  writeFileSync(
    path.join(dir, 'pyproject.toml'),
    [
      '[project]',
      `name = "${BENCH_PROJECT}"`,
      'version = "1.4.2"',
      'requires-python = ">=3.10"',
      'dependencies = ["prefect>=3.1,<4"]',
      '',
    ].join('\n'),
  );
  const project: DeployProject = {
    dir,
    flowNames,
    scheduledInDev: flowNames.filter((_, index) => index % 10 === 0 || index % 25 === 3).length,
  };
  writeDeployConfig(project, '1');
  return project;
}
