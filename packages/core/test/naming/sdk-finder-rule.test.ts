import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  currentNameOf,
  deploymentName,
  flowSegment,
  legacyNameOf,
  legacyVariantParts,
  parseDeploymentName,
  toSegment,
} from '../../src/naming/index.js';
import { flowPart, part, separatorFlow, variant } from './name-parts.js';

/**
 * acme-portal-sdk's PrefectDeploymentFinder (which its VSCode extension lists deployments with),
 * as its rule is stated: split on `--`; fewer than four parts is not a portal deployment; project
 * is part 0, branch part 1, flow the second-to-last part, environment the last.
 */
function sdkReads(name: string): { project: string; branch: string; flow: string; env: string } | null {
  const parts = name.split('--');
  if (parts.length < 4) return null;
  return { project: parts[0]!, branch: parts[1]!, flow: parts.at(-2)!, env: parts.at(-1)! };
}

describe("the SDK's finder reads every name deploy and promote write", () => {
  it('files every deployment, variant or not, under its project, branch, flow and environment (property)', () => {
    fc.assert(
      fc.property(
        part,
        part,
        fc.oneof(flowPart, separatorFlow),
        fc.option(variant, { nil: null }),
        part,
        (project, branch, flow, v, env) => {
          const name = deploymentName({ project, branch, flow, variant: v, env });
          expect(sdkReads(name)).toEqual({
            project: toSegment(project),
            branch: toSegment(branch),
            flow: flowSegment(flow),
            env: toSegment(env),
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('was misled by the old variant naming, which is why it changed', () => {
    const old = legacyNameOf({
      project: 'acme',
      branch: 'main',
      flow: 'daily-etl',
      variant: 'eu',
      env: 'prod',
    })!;
    expect(old).toBe('acme--main--daily-etl--eu--prod');
    expect(sdkReads(old)!.flow).toBe('eu');
    expect(
      sdkReads(
        deploymentName({ project: 'acme', branch: 'main', flow: 'daily_etl', variant: 'eu', env: 'prod' }),
      )!.flow,
    ).toBe('daily-etl');
  });
});

describe('old variant names', () => {
  it.each<[string, string | null, { flow: string; variant: string } | null]>([
    ['written the old way: the VARIANT tag names the fourth part', 'eu', { flow: 'etl', variant: 'eu' }],
    ['written today: the tag names the third part', 'etl', null],
    ['no tag: read as today', null, null],
  ])('p--main--etl--eu--dev, %s', (_, tag, expected) => {
    const parts = parseDeploymentName('p--main--etl--eu--dev')!;
    const legacy = legacyVariantParts(parts, tag);
    expect(legacy === null ? null : { flow: legacy.flow, variant: legacy.variant }).toEqual(expected);
  });

  it('leaves a name alone whose two middle parts are equal: it is the same name both ways', () => {
    expect(legacyVariantParts(parseDeploymentName('p--main--eu--eu--dev')!, 'eu')).toBeNull();
  });

  it('recognises every old variant name from its tag and renames it to exactly today’s name (property)', () => {
    fc.assert(
      fc.property(
        part,
        part,
        fc.oneof(flowPart, separatorFlow),
        variant,
        part,
        (project, branch, flow, v, env) => {
          const today = deploymentName({ project, branch, flow, variant: v, env });
          const segments = parseDeploymentName(today)!;
          const old = legacyNameOf(segments)!;
          const legacy = legacyVariantParts(parseDeploymentName(old)!, v);
          if (old === today) {
            expect(legacy).toBeNull();
            return;
          }
          expect(legacy).toEqual(segments);
          expect(currentNameOf(legacy!)).toBe(today);
          // Today's name carries the same tag and is never taken for an old one.
          expect(legacyVariantParts(segments, v)).toBeNull();
        },
      ),
      { numRuns: 500 },
    );
  });
});
