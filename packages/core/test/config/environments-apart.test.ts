import { describe, expect, it } from '@jest/globals';
import { parseConfig } from '../../src/config/parse-config.js';
import { resolveFlowSettings } from '../../src/config/resolve-settings.js';
import { flowVariants } from '../../src/config/variants.js';
import {
  environmentConnection,
  refuseOtherServer,
  sourceConnection,
} from '../../src/connections/environment-connection.js';
import { ConfigurationError, InputError, RefusedError } from '../../src/errors/portal-error.js';
import { onlyProblem, problemsOf, wheres } from './problems.js';

const FILE = '.acme-portal.yml';
const load = (text: string, env: Record<string, string | undefined> = {}) =>
  parseConfig(text, FILE, env).config;
const NO_INPUTS = { apiUrl: '', apiKey: '', authString: '', customHeaders: {} };

const PLACED = `environments:
  dev:
    prefect: {api_url: "http://a.example:4200/api", api_key_env: KEY_DEV}
  tst: {}
  prod:
    prefect:
      api_url: "\${PROD_URL}"
      auth_string_env: AUTH_PROD
      custom_headers_env: HEADERS_PROD
`;

describe('environments.<env>.prefect', () => {
  it('refuses a secret written in the file, at its key, without repeating it', () => {
    const problems = problemsOf(() =>
      load(`environments:
  prod:
    prefect:
      api_url: https://api.prefect.cloud/api/accounts/a/workspaces/w
      api_key: pnu_abcdefghijklmnopqrstuvwxyz0123456789
      auth_string_env: "admin:hunter2"
`),
    );
    expect(wheres(problems)).toEqual([`${FILE}:5:7`, `${FILE}:6:24`]);
    expect(problems[0]!.message).toContain('`api_key` would put a secret in the file; write `api_key_env`');
    expect(problems[1]!.message).toContain('is not an environment variable name');
    for (const problem of problems) {
      expect(problem.describe()).not.toContain('pnu_abc');
      expect(problem.describe()).not.toContain('hunter2');
    }
  });

  it('follows the precedence: inputs, then the config (its named variables), then PREFECT_*', () => {
    const config = load(PLACED, { PROD_URL: 'https://prod.example/api' });
    const environ = {
      KEY_DEV: 'key-dev',
      AUTH_PROD: 'ops:pw',
      HEADERS_PROD: '{"X-Proxy": "p"}',
      PREFECT_API_URL: 'http://default.example/api',
      PREFECT_API_KEY: 'key-default',
    };

    const dev = environmentConnection(config, 'dev', NO_INPUTS, environ);
    expect(dev.connection).toEqual({
      apiUrl: 'http://a.example:4200/api',
      apiKey: 'key-dev',
      customHeaders: {},
    });
    expect(dev.origin).toBe('config');

    const prod = environmentConnection(config, 'prod', NO_INPUTS, environ);
    // PREFECT_API_KEY is not sent to a server the config places: it may be another environment's.
    expect(prod.connection).toEqual({
      apiUrl: 'https://prod.example/api',
      authString: 'ops:pw',
      customHeaders: { 'X-Proxy': 'p' },
    });
    expect(prod.secrets).toEqual(
      expect.arrayContaining(['ops:pw', 'p', Buffer.from('ops:pw').toString('base64')]),
    );

    const tst = environmentConnection(config, 'tst', NO_INPUTS, environ);
    expect(tst.connection).toEqual({
      apiUrl: 'http://default.example/api',
      apiKey: 'key-default',
      customHeaders: {},
    });
    expect(tst.origin).toBe('environment');

    const given = environmentConnection(config, 'dev', { ...NO_INPUTS, apiKey: 'key-input' }, environ);
    expect(given.connection.apiKey).toBe('key-input');
  });

  it('names a variable the runner lacks, only when that environment is used', () => {
    const config = load(PLACED, {});
    expect(() => environmentConnection(config, 'dev', NO_INPUTS, { KEY_DEV: 'k' })).not.toThrow();
    const url = onlyProblem(() => environmentConnection(config, 'prod', NO_INPUTS, {}));
    expect(url).toBeInstanceOf(ConfigurationError);
    expect(url.message).toContain('PROD_URL is not set on the runner; environments.prod.prefect.api_url');
    const key = onlyProblem(() => environmentConnection(config, 'dev', NO_INPUTS, {}));
    expect(key.message).toContain('KEY_DEV is not set on the runner; environments.dev.prefect.api_key_env');
    expect(wheres([key])).toEqual([`${FILE}:3:53`]);
  });

  it('refuses inputs pointing an environment at another server than the config names', () => {
    const config = load(PLACED, {});
    expect(() =>
      refuseOtherServer(config, 'dev', 'http://A.example:4200/api/', 'prefect-api-url'),
    ).not.toThrow();
    expect(() => refuseOtherServer(config, 'tst', 'http://anything/api', 'prefect-api-url')).not.toThrow();
    const error = onlyProblem(() =>
      refuseOtherServer(config, 'dev', 'http://b.example/api', 'prefect-api-url'),
    );
    expect(error).toBeInstanceOf(RefusedError);
    expect(error.message).toContain('Environment "dev" lives at http://a.example:4200/api');
  });

  it('gives promote a source of its own only when inputs or the config place it', () => {
    const config = load(PLACED, { PROD_URL: 'https://prod.example/api' });
    const names = {
      apiUrl: 'source-prefect-api-url',
      apiKey: 'source-prefect-api-key',
      authString: 'source-prefect-auth-string',
    };
    expect(sourceConnection(config, 'tst', NO_INPUTS, {}, names)).toBeNull();
    expect(sourceConnection(config, 'dev', NO_INPUTS, { KEY_DEV: 'k' }, names)!.connection.apiKey).toBe('k');
    const fromInputs = sourceConnection(
      config,
      'tst',
      { ...NO_INPUTS, apiUrl: 'http://src/api' },
      { PREFECT_API_KEY: 'x' },
      names,
    );
    // The target's PREFECT_API_KEY is not sent to the source.
    expect(fromInputs!.connection).toEqual({ apiUrl: 'http://src/api', customHeaders: {} });
    expect(() => sourceConnection(config, 'tst', { ...NO_INPUTS, apiKey: 'k' }, {}, names)).toThrow(
      InputError,
    );
  });
});

const VARIANTS = `defaults: {work_pool: pool, parameters: {region: none, size: 1}}
deployments:
  etl:
    parameters: {size: 2}
    variants:
      eu: {parameters: {region: eu}, work_pool: pool-eu}
      us:
environments:
  dev: {}
  prod:
    parameters: {size: 3}
    deployments:
      etl:
        variants:
          eu: {parameters: {size: 4}}
`;

describe('deployments.<flow>.variants', () => {
  it('lists the variants in the order written; a flow without keeps none', () => {
    const config = load(VARIANTS);
    expect(flowVariants(config, 'etl')).toEqual(['eu', 'us']);
    expect(flowVariants(config, 'other')).toEqual([]);
  });

  it('lays a variant over the flow, and the environment’s variant over the environment', () => {
    const config = load(VARIANTS);
    expect(resolveFlowSettings(config, 'etl', 'dev', undefined, 'eu')).toMatchObject({
      work_pool: 'pool-eu',
      parameters: { region: 'eu', size: 2 },
    });
    expect(resolveFlowSettings(config, 'etl', 'prod', undefined, 'eu').parameters).toEqual({
      region: 'eu',
      size: 4,
    });
    expect(resolveFlowSettings(config, 'etl', 'prod', undefined, 'us')).toMatchObject({
      work_pool: 'pool',
      parameters: { region: 'none', size: 3 },
    });
    expect(resolveFlowSettings(config, 'etl', 'dev').parameters).toEqual({ region: 'none', size: 2 });
  });

  it('refuses a variant an environment refines but the flow does not declare, and bad names', () => {
    const undeclared = onlyProblem(() =>
      load(`deployments:
  etl:
    variants: {eu: {}}
environments:
  prod:
    deployments:
      etl:
        variants: {us: {}}
`),
    );
    expect(undeclared.message).toContain('environments.prod.deployments.etl.variants.us refines a variant');
    expect(undeclared.message).toContain('(it declares eu)');
    expect(wheres([undeclared])).toEqual([`${FILE}:8:20`]);

    const badName = onlyProblem(() => load(`deployments:\n  etl:\n    variants: {"e--u": {}}\n`));
    expect(badName.message).toContain('"e--u" is not a valid variant name');
  });

  it('reserves the VARIANT= tag', () => {
    const problem = onlyProblem(() => load(`defaults: {tags: ["VARIANT=eu"]}\n`));
    expect(problem.message).toContain('tags starting "VARIANT="');
  });
});
