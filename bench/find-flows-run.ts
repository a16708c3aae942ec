// Runs PrefectFlowFinder once over a tree in its own process and prints the figures and the flows
// found as one JSON object. bench/find-flows.ts bundles it (as the actions are bundled) and
// measures the process's peak from outside; the breakdown sampled here says what the peak holds.
import { PrefectFlowFinder } from '../packages/core/src/scanner/index.js';

const root = process.argv[2];
if (!root) {
  console.error('usage: node find-flows-run.js ROOT');
  process.exit(2);
}

type Breakdown = Record<'rss' | 'heapTotal' | 'heapUsed' | 'external' | 'arrayBuffers', number>;

// The scan yields to the event loop every few hundred files, so this timer samples it as it runs.
const breakdown: Breakdown = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sample = (): void => {
  const usage = process.memoryUsage();
  for (const key of Object.keys(breakdown) as (keyof Breakdown)[])
    breakdown[key] = Math.max(breakdown[key], usage[key]);
};
const sampler = setInterval(sample, 5);

const started = performance.now();
const cpuStarted = process.cpuUsage();
const result = await new PrefectFlowFinder().findFlows({ root, repoRoot: root, exclude: [] });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
clearInterval(sampler);
sample();
process.stdout.write(
  JSON.stringify({
    seconds,
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    stats: result.stats,
    warnings: result.warnings.length,
    /** As the process sees itself; the bench prefers the figure measured from outside. */
    peak_rss_kb: process.resourceUsage().maxRSS,
    /** Peaks of process.memoryUsage() while scanning, in bytes, each at its own moment. */
    sampled_peaks: breakdown,
    flows_with_definitions: result.flows.filter((flow) => flow.parameters.definitions).length,
    flows: result.flows.map((flow) => [flow.name, flow.entrypoint, flow.line_number, flow.deployable]),
  }),
);
