// `{deployment:<flow>}` references: found wherever a trigger holds text, resolved to one
// environment's deployment ids, and restored from ids again (what promote relies on).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  referencesIn,
  resolveReferences,
  restoreReferences,
} from '../../src/automations/deployment-references.js';
import { durationSeconds } from '../../src/automations/trigger-schema.js';
import type { DeploymentTrigger } from '../../src/automations/trigger-model.js';

const flowRef = fc.oneof(
  fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/),
  fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/))
    .map(([flow, variant]) => `${flow}/${variant}`),
);

function triggerWith(refs: string[]): DeploymentTrigger {
  return {
    name: null,
    description: '',
    enabled: true,
    parameters: {
      upstream: refs.map((ref) => `{deployment:${ref}}`).join(' '),
      jinja: '{{ event.resource.id }}',
    },
    job_variables: null,
    schedule_after: 0,
    trigger: {
      type: 'compound',
      triggers: refs.map((ref) => ({
        type: 'event',
        match_related: { 'prefect.resource.id': `{deployment:${ref}}` },
      })),
    },
  };
}

describe('deployment references', () => {
  it('resolve to ids and restore to the same references, Jinja untouched', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(flowRef, { minLength: 1, maxLength: 4 }),
        fc.uuid({ version: 4 }),
        (refs, seed) => {
          const ids = new Map(
            refs.map((ref, index) => [ref, `${seed.slice(0, -2)}${String(index).padStart(2, '0')}`]),
          );
          const trigger = triggerWith(refs);
          expect(
            referencesIn(trigger)
              .map((ref) => ref.text)
              .sort(),
          ).toEqual([...refs].sort());
          const resolved = resolveReferences(trigger, (ref) => `prefect.deployment.${ids.get(ref.text)!}`);
          expect(JSON.stringify(resolved)).not.toContain('{deployment:');
          expect(resolved.parameters!.jinja).toBe('{{ event.resource.id }}');
          const byId = new Map([...ids].map(([ref, id]) => [id, ref]));
          expect(restoreReferences(resolved, (id) => byId.get(id))).toEqual(trigger);
        },
      ),
    );
  });

  it.each([
    [3600, 3600],
    ['3600', 3600],
    ['PT1H30M', 5400],
    ['P1DT1S', 86401],
    ['01:00:00', 3600],
    ['2 days, 00:00:10', 172810],
    ['soon', undefined],
    ['PT', undefined],
  ])('reads the duration %p as %p seconds', (value, seconds) => {
    expect(durationSeconds(value)).toBe(seconds);
  });
});
