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
import { flowPart, part, separatorFlow, variant } from './name-parts.js';

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
      'a--b--c--d--e--f',
      'a---b--c--d',
      'a--b--c--d---e',
      'a--b--c--d-',
      '--b--c--d',
      'a--b/x--c--d',
      'a--b--c--',
    ]) {
      expect(parseDeploymentName(name)).toBeNull();
    }
  });

  it('parses every name it builds back to exactly its segments (property)', () => {
    fc.assert(
      fc.property(part, part, flowPart, part, (project, branch, flow, env) => {
        const name = deploymentName({ project, branch, flow, env });
        expect(parseDeploymentName(name)).toEqual({
          project: toSegment(project),
          branch: toSegment(branch),
          flow: flowSegment(flow),
          variant: null,
          env: toSegment(env),
        });
        expect(name).not.toMatch(/[/%&<>]/);
        expect(name.split('--')).toHaveLength(4);
      }),
      { numRuns: 500 },
    );
  });

  it('reads a five-part name as {project}--{branch}--{variant}--{flow}--{env}', () => {
    expect(parseDeploymentName('p--main--eu--etl--dev')).toEqual({
      project: 'p',
      branch: 'main',
      flow: 'etl',
      variant: 'eu',
      env: 'dev',
    });
  });

  describe('variants', () => {
    it('follows {project}--{branch}--{variant}--{hyphen_flow}--{env} and tags nothing else', () => {
      expect(
        deploymentName({ project: 'acme', branch: 'main', flow: 'daily_etl', variant: 'eu', env: 'prod' }),
      ).toBe('acme--main--eu--daily-etl--prod');
      expect(
        deploymentName({ project: 'acme', branch: 'main', flow: 'daily_etl', variant: null, env: 'prod' }),
      ).toBe('acme--main--daily-etl--prod');
    });

    it('parses every variant name back to exactly its five parts (property)', () => {
      fc.assert(
        fc.property(
          part,
          part,
          fc.oneof(flowPart, separatorFlow),
          variant,
          part,
          (project, branch, flow, v, env) => {
            const name = deploymentName({ project, branch, flow, variant: v, env });
            expect(parseDeploymentName(name)).toEqual({
              project: toSegment(project),
              branch: toSegment(branch),
              flow: flowSegment(flow),
              variant: v,
              env: toSegment(env),
            });
            expect(name.split('--')).toHaveLength(5);
          },
        ),
        { numRuns: 500 },
      );
    });

    it('never reads a variant deployment as another flow, nor a flow as a variant (property)', () => {
      fc.assert(
        fc.property(separatorFlow, separatorFlow, variant, part, (flow, other, v, env) => {
          const withVariant = deploymentName({ project: 'p', branch: 'b', flow, variant: v, env });
          const plain = deploymentName({ project: 'p', branch: 'b', flow: other, env });
          // The flow `{flow}-{variant}` or `{flow}__{variant}` would still be a plain, four-part name.
          expect(withVariant).not.toBe(plain);
          expect(parseDeploymentName(plain)!.variant).toBeNull();
          expect(parseDeploymentName(withVariant)!.flow).toBe(flowSegment(flow));
        }),
        { numRuns: 500 },
      );
    });
  });

  it('makes segments idempotently (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => toSegment(toSegment(text)) === toSegment(text)),
      { numRuns: 500 },
    );
  });
});
