import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { interpolate, parseEnvTemplate } from '../../src/config/env-interpolation.js';
import { fillPlaceholders, placeholdersIn, type PlaceholderValues } from '../../src/config/placeholders.js';
import { ConfigurationError } from '../../src/errors/portal-error.js';

const VALUES: PlaceholderValues = {
  project: 'etl',
  branch: 'release/2.0',
  commit: 'abcdef0123456789',
  short_commit: 'abcdef01',
  env: 'prod',
  package_version: '2.0.0+local',
};

describe('placeholders', () => {
  it('finds {name} but not Prefect {{ templates }}', () => {
    expect(
      placeholdersIn('{branch}-{{ prefect.variables.x }}-{{y}}-{commit}').map((use) => use.name),
    ).toEqual(['branch', 'commit']);
  });

  it('fills every placeholder, tag-safe when asked', () => {
    const template = 'reg/{project}:{branch}-{short_commit}-{env}-{package_version}';
    expect(fillPlaceholders(template, VALUES, 'image', { imageTag: true })).toBe(
      'reg/etl:release-2.0-abcdef01-prod-2.0.0-local',
    );
    expect(fillPlaceholders('/srv/{branch}/{commit}', VALUES, 'working_directory')).toBe(
      '/srv/release/2.0/abcdef0123456789',
    );
  });

  it('refuses unknown names and values the run lacks', () => {
    expect(() => fillPlaceholders('{sha}', VALUES, 'image')).toThrow(ConfigurationError);
    expect(() => fillPlaceholders('{env}', { ...VALUES, env: null }, 'The image input')).toThrow(
      'The image input uses {env}, but this run has no env.',
    );
  });
});

describe('${VAR} templates', () => {
  const fill = (value: string, env: Record<string, string>) => {
    const parsed = parseEnvTemplate(value);
    if ('problem' in parsed) throw new Error(parsed.problem);
    return interpolate(parsed.parts, env);
  };

  it('reads variables, keeps $${ literal and lone $ as written', () => {
    expect(fill('a-${X}-$${Y}-$Z-$$-${X}', { X: 'x' })).toEqual({
      value: 'a-x-${Y}-$Z-$$-x',
      secrets: ['x', 'x'],
      missing: [],
    });
  });

  it('lists missing variables with their token', () => {
    expect(fill('${A}${B}', { A: '' })).toEqual({
      value: '',
      secrets: [],
      missing: [{ variable: 'B', token: '${B}' }],
    });
  });

  it('refuses what it cannot read', () => {
    expect(parseEnvTemplate('${')).toMatchObject({ token: '${' });
    expect(parseEnvTemplate('${1A}')).toMatchObject({ token: '${1A}' });
    expect(parseEnvTemplate('${A:-x}')).toMatchObject({ token: '${A:-x}' });
  });

  it('escapes any text so that it reads back unchanged (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('$', '{', '}', 'a', 'é') }), (text) => {
        // A function replacement: in a replacement string `$$` would itself mean `$`.
        const escaped = text.replace(/\$\{/g, () => '$${');
        expect(fill(escaped, {})).toEqual({ value: text, secrets: [], missing: [] });
      }),
      { numRuns: 2000 },
    );
  });
});
