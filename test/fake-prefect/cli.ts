// Runs the fake Prefect server on its own, for manual demos and the deploy benchmark:
// `pnpm exec tsx test/fake-prefect/cli.ts --port 4200 [--latency 20] [--pool name:type ...]`.

import { parseArgs } from 'node:util';

import { startFakePrefect } from './server.js';

const usage = `Usage: tsx test/fake-prefect/cli.ts [options]
  --port <n>              port on 127.0.0.1 (default 4200; 0 picks a free one)
  --latency <ms>          added to every answer
  --pool <name:type>      work pool to create with the type's default template (repeatable)
  --version <x.y.z>       server version (default 3.8.3; 2.x behaves like Prefect 2.20)
  --base-path <path>      API path prefix (default /api)
  --cloud                 behave like Prefect Cloud
  --api-key <key>         require "Authorization: Bearer <key>"
  --basic-auth <u:p>      require "Authorization: Basic base64(u:p)"`;

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`--${name} takes a whole number, got "${value}"`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      latency: { type: 'string' },
      pool: { type: 'string', multiple: true },
      version: { type: 'string' },
      'base-path': { type: 'string' },
      cloud: { type: 'boolean' },
      'api-key': { type: 'string' },
      'basic-auth': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const pools = (values.pool ?? []).map((spec) => {
    const [name, type] = spec.split(':');
    if (!name || !type)
      throw new Error(`--pool takes name:type (for example local-pool:process), got "${spec}"`);
    return { name, type };
  });
  const auth =
    values['api-key'] || values['basic-auth']
      ? { apiKey: values['api-key'], basicAuth: values['basic-auth'] }
      : undefined;
  const fake = await startFakePrefect({
    port: numberOption('port', values.port) ?? 4200,
    latencyMs: numberOption('latency', values.latency),
    version: values.version,
    basePath: values['base-path'],
    cloud: values.cloud,
    auth,
  });
  for (const { name, type } of pools) fake.addWorkPool(name, type);
  console.log(fake.url);
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(usage);
  process.exit(2);
});
