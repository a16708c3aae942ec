import { describe, expect, it } from '@jest/globals';
import { planCleanup, type CleanupSelection } from '../../src/cleanup/cleanup-plan.js';
import type { ListedDeployment } from '../../src/find-deployments/list-project-deployments.js';
import { parseDeploymentName } from '../../src/naming/deployment-name.js';

const listed: ListedDeployment[] = [
  'etl--main--a--dev',
  'etl--main--a--prod',
  'etl--feature-Login--a--dev',
  'etl--feature-Login--a--preview',
  'etl--release-2.0--a--dev',
  'etl--gone--a--dev',
].map((name, index) => ({
  deployment: { id: `id-${index}`, name } as never,
  parts: parseDeploymentName(name)!,
  renameTo: null,
}));

const names = (selection: CleanupSelection) => planCleanup(listed, selection).map((item) => item.name);

describe('planCleanup', () => {
  it.each<[string, CleanupSelection, string[]]>([
    [
      'a branch as Git names it, matched as deploy names it',
      { target: { kind: 'branches', branches: ['feature/Login'] }, envs: 'all' },
      ['etl--feature-Login--a--dev', 'etl--feature-Login--a--preview'],
    ],
    [
      'in some environments only',
      { target: { kind: 'branches', branches: ['feature/Login'] }, envs: ['preview'] },
      ['etl--feature-Login--a--preview'],
    ],
    [
      'several branches',
      { target: { kind: 'branches', branches: ['gone', 'release/2.0'] }, envs: 'all' },
      ['etl--gone--a--dev', 'etl--release-2.0--a--dev'],
    ],
    ['a branch with no deployments', { target: { kind: 'branches', branches: ['nope'] }, envs: 'all' }, []],
    [
      'branches that no longer exist, keeping the kept ones',
      {
        target: {
          kind: 'stale-branches',
          existingBranches: ['main', 'feature/Login'],
          keepBranches: ['release/2.0'],
        },
        envs: 'all',
      },
      ['etl--gone--a--dev'],
    ],
    [
      'an existing branch keeps every branch that normalises like it',
      {
        target: {
          kind: 'stale-branches',
          existingBranches: ['main', 'feature-Login', 'gone', 'release-2.0'],
          keepBranches: [],
        },
        envs: 'all',
      },
      [],
    ],
  ])('%s', (_what, selection, expected) => {
    expect(names(selection)).toEqual(expected);
  });
});
