// Runs PrefectFlowFinder once over a tree in its own process (so its peak RSS is its own) and
// prints the figures and the flows found as one JSON object. Used by bench/find-flows.ts.
import { PrefectFlowFinder } from '../packages/core/src/scanner/index.js';

const root = process.argv[2];
if (!root) {
  console.error('usage: tsx bench/find-flows-run.ts ROOT');
  process.exit(2);
}
const started = performance.now();
const cpuStarted = process.cpuUsage();
const result = await new PrefectFlowFinder().findFlows({ root, repoRoot: root, exclude: [] });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
process.stdout.write(
  JSON.stringify({
    seconds,
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    stats: result.stats,
    warnings: result.warnings.length,
    peak_rss_kb: process.resourceUsage().maxRSS,
    flows: result.flows.map((flow) => [flow.name, flow.entrypoint, flow.line_number, flow.deployable]),
  }),
);
