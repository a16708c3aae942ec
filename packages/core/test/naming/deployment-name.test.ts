import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  deploymentName,
  flowSegment,
  hyphenFlowName,
  normaliseFlowName,
  parseDeploymentName,
  toSegment,
} from '../../src/naming/index.js';
import { ConfigurationError } from '../../src/errors/portal-error.js';

describe('flow names', () => {
  it('normalises hyphens to underscores and back', () => {
    expect(normaliseFlowName('example-flow')).toBe('example_flow');
    expect(hyphenFlowName('example_flow')).toBe('example-flow');
  });

  it('round-trips any name without hyphens through the hyphen form', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('-')),
        (name) => normaliseFlowName(hyphenFlowName(name)) === name,
      ),
    );
  });
});

describe('deployment names', () => {
  it('follows {project}--{branch}--{hyphen_flow}--{env}', () => {
    expect(deploymentName({ project: 'acme-prefect', branch: 'main', flow: 'hello_world', env: 'dev' })).toBe(
      'acme-prefect--main--hello-world--dev',
    );
  });

  it.each([
    ['feature/add-thing', 'feature-add-thing'],
    ['Feature/Add_Thing', 'Feature-Add_Thing'],
    ['fix--double', 'fix-double'],
    ['  spaced name  ', 'spaced-name'],
    ['a/%&<>b', 'a-b'],
    ['release/2.0', 'release-2.0'],
    ['-leading-and-trailing-', 'leading-and-trailing'],
    ['café/ünïcode', 'café-ünïcode'],
    ['emoji🚀branch', 'emoji-branch'],
  ])('turns the branch %j into the segment %j', (branch, segment) => {
    expect(toSegment(branch)).toBe(segment);
  });

  it('refuses a part that leaves nothing usable, naming it', () => {
    expect(() => deploymentName({ project: 'p', branch: '///', flow: 'f', env: 'dev' })).toThrow(
      ConfigurationError,
    );
    expect(() => deploymentName({ project: 'p', branch: '///', flow: 'f', env: 'dev' })).toThrow(
      /branch name "\/\/\/"/,
    );
  });

  it('rejects names that do not follow the pattern instead of misparsing them', () => {
    for (const name of [
      'hello',
      'a--b--c',
      'a--b--c--d--e',
      'a---b--c--d',
      'a--b--c--d-',
      '--b--c--d',
      'a--b/x--c--d',
      'a--b--c--',
    ]) {
      expect(parseDeploymentName(name)).toBeNull();
    }
  });

  const part = fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }).filter((s) => toSegment(s) !== '');
  const flowPart = fc
    .string({ minLength: 1, maxLength: 20, unit: 'binary' })
    .filter((s) => flowSegment(s) !== '');

  it('parses every name it builds back to exactly its segments (property)', () => {
    fc.assert(
      fc.property(part, part, flowPart, part, (project, branch, flow, env) => {
        const name = deploymentName({ project, branch, flow, env });
        expect(parseDeploymentName(name)).toEqual({
          project: toSegment(project),
          branch: toSegment(branch),
          flow: flowSegment(flow),
          env: toSegment(env),
        });
        expect(name).not.toMatch(/[/%&<>]/);
        expect(name.split('--')).toHaveLength(4);
      }),
      { numRuns: 500 },
    );
  });

  it('makes segments idempotently (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => toSegment(toSegment(text)) === toSegment(text)),
      { numRuns: 500 },
    );
  });
});
