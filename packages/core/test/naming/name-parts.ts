// Generators of the free-form parts a deployment name is built from, for the naming property tests.
import fc from 'fast-check';
import { flowSegment, toSegment } from '../../src/naming/index.js';

/** Any project, branch or environment text that leaves a segment. */
export const part = fc
  .string({ minLength: 1, maxLength: 20, unit: 'binary' })
  .filter((s) => toSegment(s) !== '');

/** Any flow name that leaves a segment. */
export const flowPart = fc
  .string({ minLength: 1, maxLength: 20, unit: 'binary' })
  .filter((s) => flowSegment(s) !== '');

/** Variant names are written as segments in the config (the environment-name rule). */
export const variant = fc.stringMatching(/^[A-Za-z0-9_.]+(-[A-Za-z0-9_.]+)*$/);

/** Flow names holding the separator once hyphenated (`a__b` -> `a--b`), and hyphens. */
export const separatorFlow = fc
  .array(fc.constantFrom('etl', 'a', '_', '__', 'x_y', 'eu', 'dev', '9'), { minLength: 1, maxLength: 6 })
  .map((pieces) => pieces.join(''))
  .filter((name) => flowSegment(name) !== '');
