// `pnpm bench:find-flows`: builds (or reuses) a 22,000-file, 250 MB Python tree under .bench/,
// runs our PrefectFlowFinder (bundled by ncc, as the actions ship it) and CPython's `ast` on it,
// checks they find the same flows, prints figures. Our peak RSS is the whole process's, taken
// from outside by GNU time where /usr/bin/time exists (else as the process reports it).
//
// Options: --files N (default 22000), --average-bytes N (default 9750), --jobs N (processes
// for the CPython reference; default: the number of cores, as our scan may use them too).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBenchTree } from './find-flows-generate.js';

type FlowRow = [name: string, entrypoint: string, line: number, deployable: boolean];

interface OurRun {
  seconds: number;
  cpu_seconds: number;
  stats: { filesSeen: number; filesParsed: number; bytesRead: number };
  warnings: number;
  peak_rss_kb: number;
  sampled_peaks: Record<'rss' | 'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers', number>;
  flows_with_definitions: number;
  flows: FlowRow[];
}

interface MeasuredRun extends OurRun {
  /** Peak RSS of the whole process in KiB, and who measured it. */
  peak: { kb: number; by: string };
}

interface ReferenceRun {
  files: number;
  bytes: number;
  unparsable: number;
  seconds: number;
  cpu_seconds: number;
  jobs: number;
  peak_rss_kb: { main: number; largest_worker: number };
  flows: FlowRow[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

function runJson<T>(command: string, args: string[]): T {
  const run = spawnSync(command, args, { cwd: repo, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  if (run.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  }
  return JSON.parse(run.stdout) as T;
}

/** bench/find-flows-run.ts as one file, bundled the way the actions are (ncc, no type check). */
function bundleRunner(): string {
  const out = path.join(repo, '.bench', 'find-flows', 'runner');
  const ncc = path.join(repo, 'node_modules', '.bin', 'ncc');
  const build = spawnSync(ncc, ['build', path.join(here, 'find-flows-run.ts'), '-o', out, '-t', '-q'], {
    cwd: repo,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`ncc could not bundle the runner:\n${build.stderr}`);
  return path.join(out, 'index.js');
}

const GNU_TIME = '/usr/bin/time';

function runOurs(runner: string, root: string): MeasuredRun {
  if (process.platform !== 'linux' || !existsSync(GNU_TIME)) {
    const run = runJson<OurRun>(process.execPath, [runner, root]);
    return { ...run, peak: { kb: run.peak_rss_kb, by: 'as the process reports it' } };
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'find-flows-bench-'));
  try {
    const figure = path.join(folder, 'peak');
    const run = runJson<OurRun>(GNU_TIME, ['-f', '%M', '-o', figure, process.execPath, runner, root]);
    return { ...run, peak: { kb: Number(readFileSync(figure, 'utf8').trim()), by: 'measured by GNU time' } };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);
const mib = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
const rate = (count: number, seconds: number): string => (count / seconds).toFixed(0);

function key(row: FlowRow): string {
  return `${row[0]} ${row[1]} line ${row[2]}${row[3] ? '' : ' (not deployable)'}`;
}

function compare(ours: FlowRow[], theirs: FlowRow[]): string[] {
  const ourKeys = new Set(ours.map(key));
  const theirKeys = new Set(theirs.map(key));
  return [
    ...[...ourKeys].filter((k) => !theirKeys.has(k)).map((k) => `only ours: ${k}`),
    ...[...theirKeys].filter((k) => !ourKeys.has(k)).map((k) => `only CPython's: ${k}`),
  ];
}

const files = option('files', 22000);
const averageBytes = option('average-bytes', 9750);
const jobs = option('jobs', availableParallelism());
const root = path.join(repo, '.bench', 'find-flows', 'tree');

const generationStarted = performance.now();
const tree = generateBenchTree(root, { files, averageBytes, seed: 20240601 });
console.log(
  `tree: ${tree.files} Python files, ${mb(tree.bytes)} MB in ${path.relative(repo, root)} ` +
    (tree.reused
      ? '(reused)'
      : `(written in ${((performance.now() - generationStarted) / 1000).toFixed(1)} s)`),
);

const runner = bundleRunner();
// The first run warms the page cache for both contenders; the second is the one measured.
runOurs(runner, root);
const ours = runOurs(runner, root);
const sampled = ours.sampled_peaks;
console.log(
  `ours:    ${ours.seconds.toFixed(2)} s, ${rate(ours.stats.filesSeen, ours.seconds)} files/s, ` +
    `${mb(ours.stats.bytesRead / ours.seconds)} MB/s, ${ours.flows.length} flows ` +
    `(${ours.flows_with_definitions} with repository classes), ${ours.stats.filesParsed} files parsed, ` +
    `cpu ${ours.cpu_seconds.toFixed(2)} s, peak RSS ${mib(ours.peak.kb * 1024)} MiB (whole process, ${ours.peak.by})`,
);
console.log(
  `         sampled peaks while scanning: heap used ${mib(sampled.heapUsed)} MiB of ${mib(sampled.heapTotal)} MiB, ` +
    `external ${mib(sampled.external)} MiB (array buffers ${mib(sampled.arrayBuffers)} MiB), rss ${mib(sampled.rss)} MiB`,
);

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
if (python.status !== 0) {
  console.log('CPython: python3 is not installed here; only our figures are shown.');
  process.exit(0);
}
const reference = runJson<ReferenceRun>('python3', [
  path.join(here, 'find-flows-reference.py'),
  root,
  '--jobs',
  String(jobs),
]);
console.log(
  `CPython: ${reference.seconds.toFixed(2)} s with ${reference.jobs} process(es) (${python.stdout.trim()}, ast), ` +
    `${rate(reference.files, reference.seconds)} files/s, ${mb(reference.bytes / reference.seconds)} MB/s, ` +
    `${reference.flows.length} flows, cpu ${reference.cpu_seconds.toFixed(2)} s, peak RSS ` +
    `${mib(reference.peak_rss_kb.main * 1024)} MiB main + ${mib(reference.peak_rss_kb.largest_worker * 1024)} MiB largest worker`,
);

const differences = compare(ours.flows, reference.flows);
if (reference.files !== ours.stats.filesSeen) {
  differences.unshift(`files: ours ${ours.stats.filesSeen}, CPython's ${reference.files}`);
}
console.log(
  `speed:   ${(reference.seconds / ours.seconds).toFixed(1)}x faster than CPython (wall clock), ` +
    `${(reference.cpu_seconds / ours.cpu_seconds).toFixed(1)}x less CPU`,
);
if (differences.length > 0) {
  console.log(`results: DIFFERENT (${differences.length}):\n  ${differences.slice(0, 20).join('\n  ')}`);
  process.exit(1);
}
console.log(`results: the same ${ours.flows.length} flows (names, entrypoints, lines, deployable)`);
