import { describe, expect, it } from '@jest/globals';
import {
  environmentOrder,
  listEnvironments,
  nextEnvironment,
  requireEnvironment,
} from '../../src/config/environments.js';
import { flowReferences, unmatchedFlows } from '../../src/config/flow-references.js';
import { parseConfig } from '../../src/config/parse-config.js';

const load = (text: string) => parseConfig(text, '.acme-portal.yml', {}).config;

describe('environments in promotion order', () => {
  const config = load('environments:\n  dev: {}\n  tst: {}\n  prod: {}\n');

  it('lists them in the order written', () => {
    expect(listEnvironments(config)).toEqual([
      { name: 'dev', order: 0 },
      { name: 'tst', order: 1 },
      { name: 'prod', order: 2 },
    ]);
    expect(environmentOrder(config)).toEqual(['dev', 'tst', 'prod']);
  });

  it('names the next one, promote’s default target', () => {
    expect(nextEnvironment(config, 'dev')).toBe('tst');
    expect(nextEnvironment(config, 'prod')).toBeNull();
    expect(() => nextEnvironment(config, 'uat')).toThrow('Unknown environment "uat"');
  });

  it('has no order without an environments section', () => {
    const open = load('project: x\n');
    expect(listEnvironments(open)).toEqual([]);
    expect(requireEnvironment(open, 'anything.1')).toEqual({ name: 'anything.1', order: -1 });
    expect(nextEnvironment(open, 'dev')).toBeNull();
  });
});

describe('flow references', () => {
  const config = load(`deployments:
  hello_wrld: {}
  etl: {}
environments:
  prod:
    deployments:
      etl: {}
      reprot: {}
`);

  it('lists every flow the config names, with where', () => {
    expect(flowReferences(config)).toEqual([
      {
        flow: 'hello_wrld',
        environment: null,
        path: 'deployments.hello_wrld',
        location: { file: '.acme-portal.yml', line: 2, column: 3 },
      },
      {
        flow: 'etl',
        environment: null,
        path: 'deployments.etl',
        location: { file: '.acme-portal.yml', line: 3, column: 3 },
      },
      {
        flow: 'etl',
        environment: 'prod',
        path: 'environments.prod.deployments.etl',
        location: { file: '.acme-portal.yml', line: 7, column: 7 },
      },
      {
        flow: 'reprot',
        environment: 'prod',
        path: 'environments.prod.deployments.reprot',
        location: { file: '.acme-portal.yml', line: 8, column: 7 },
      },
    ]);
  });

  it('says which match no flow of the repository, with a suggestion', () => {
    const unmatched = unmatchedFlows(config, ['hello_world', 'etl', 'report']);
    expect(unmatched.map((item) => item.message)).toEqual([
      'deployments.hello_wrld in .acme-portal.yml:2 matches no flow; did you mean hello_world?',
      'environments.prod.deployments.reprot in .acme-portal.yml:8 matches no flow; did you mean report?',
    ]);
    expect(unmatchedFlows(config, ['x']).find((item) => item.flow === 'etl')?.suggestion).toBeNull();
  });
});
