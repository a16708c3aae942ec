// `tsx bench/write-deploy-project.ts <dir> <flows>`: writes the deploy benchmark's generated
// project (flows, config, pyproject) to <dir>, for a burst of writes against a real server (e2e.yml).
import { BENCH_WORK_POOL, writeDeployProject } from './deploy-project.js';

const [dir, count] = process.argv.slice(2);
const flows = Number(count);
if (!dir || !Number.isInteger(flows) || flows < 1) {
  console.error('usage: tsx bench/write-deploy-project.ts <dir> <flows>');
  process.exit(2);
}
const project = writeDeployProject(dir, flows);
console.log(`${project.flowNames.length} flows in ${project.dir} (work pool ${BENCH_WORK_POOL})`);
