import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentOrder, flowVariants, parseConfig, resolveFlowSettings } from '@portal-actions/core';

const root = join(import.meta.dirname, '..', '..', '..');

describe('the config templates users copy', () => {
  it.each(['action-templates/acme-portal.yml', 'examples/.acme-portal.yml'])(
    '%s is a valid config',
    (file) => {
      const { config } = parseConfig(readFileSync(join(root, file), 'utf8'), file, {});
      expect(environmentOrder(config)).toEqual(expect.arrayContaining(['dev', 'prod']));
      for (const env of environmentOrder(config)) {
        expect(resolveFlowSettings(config, 'hello_world', env).work_pool).toBeTruthy();
      }
    },
  );

  it('template environments match the choices of the copy-in workflows', () => {
    const { config } = parseConfig(
      readFileSync(join(root, 'action-templates/acme-portal.yml'), 'utf8'),
      'x',
      {},
    );
    const promote = readFileSync(join(root, 'action-templates/promote.yml'), 'utf8');
    for (const env of environmentOrder(config)) expect(promote).toContain(env);
  });

  it('the template pauses the preview environment, so pull-request previews never run on their own', () => {
    const { config } = parseConfig(
      readFileSync(join(root, 'action-templates/acme-portal.yml'), 'utf8'),
      'x',
      {},
    );
    expect(environmentOrder(config).at(-1)).toBe('preview');
    expect(resolveFlowSettings(config, 'hello_world', 'preview').paused).toBe(true);
    expect(resolveFlowSettings(config, 'hello_world', 'dev').paused).toBe(false);
  });
});

describe('the commented keys of the config template', () => {
  it('are valid config once uncommented (prefect per environment, variants)', () => {
    const text = readFileSync(join(root, 'action-templates/acme-portal.yml'), 'utf8');
    // Uncomment the example blocks: `# key:` lines indented under a key become that key.
    const uncommented = text.replace(
      /^(\s+)# (prefect:|variants:| {2}(api_url|api_key_env|custom_headers_env|eu|us):)/gm,
      '$1$2',
    );
    expect(uncommented).not.toEqual(text);
    const { config } = parseConfig(uncommented, 'x', { PROD_PREFECT_URL: 'https://prefect.example/api' });
    expect(config.environments.find((env) => env.name === 'prod')!.prefect).toMatchObject({
      apiUrl: 'https://prefect.example/api',
      apiKeyEnv: 'PREFECT_API_KEY_PROD',
      customHeadersEnv: 'PREFECT_HEADERS_PROD',
    });
    expect(config.environments.find((env) => env.name === 'dev')!.prefect!.apiKeyEnv).toBe(
      'PREFECT_API_KEY_DEV',
    );
    expect(flowVariants(config, 'hello_world')).toEqual(['eu', 'us']);
    expect(resolveFlowSettings(config, 'hello_world', 'prod', undefined, 'eu').parameters).toEqual({
      name: 'europe',
    });
  });
});
