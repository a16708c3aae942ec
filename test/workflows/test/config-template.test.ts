import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentOrder, parseConfig, resolveFlowSettings } from '@portal-actions/core';

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
