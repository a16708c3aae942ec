// Parameters the config gives that the flow cannot take, refused at the config line: unknown
// names (unless **kwargs) at every level and in schedules, and values of another JSON type.
import { describe, expect, it } from '@jest/globals';
import { parameterMistakes } from '../../src/config/parameter-check.js';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Flow, ParameterSchema } from '../../src/model/flow.js';
import { aFlow } from '../deploy/fixtures.js';

const FILE = '.acme-portal.yml';
const load = (text: string) => parseConfig(text, FILE, {}).config;

const HELLO_SCHEMA: ParameterSchema = {
  title: 'Parameters',
  type: 'object',
  properties: {
    name: { title: 'name', position: 0, type: 'string', default: 'world' },
    goodbye: { title: 'goodbye', position: 1, type: 'boolean', default: false },
    limit: { title: 'limit', position: 2, anyOf: [{ type: 'integer' }, { type: 'null' }], default: null },
    ratio: { title: 'ratio', position: 3, type: 'number', default: 0.5 },
    config: { title: 'config', position: 4, default: {} },
  },
};
const hello = (overrides: Partial<Flow> = {}) =>
  aFlow('hello_world', { parameters: HELLO_SCHEMA, ...overrides });

function mistakes(text: string, flows: Flow[] = [hello()], env = 'dev') {
  return parameterMistakes(load(text), flows, env).map((error) => ({
    message: error.message,
    line: error.location?.line,
    file: error.location?.file,
  }));
}

describe('parameterMistakes', () => {
  it('refuses a name the flow does not take at the flow level, naming the closest and all', () => {
    const text = `deployments:
  hello_world:
    parameters:
      nmae: Marvin
environments:
  dev: {}
`;
    expect(mistakes(text)).toEqual([
      {
        message:
          'deployments.hello_world.parameters.nmae: hello_world takes no parameter "nmae"; did you mean "name"? It takes name, goodbye, limit, ratio, config.',
        line: 4,
        file: FILE,
      },
    ]);
  });

  it('looks at defaults, the environment, the environment-flow level and schedules, and collects all', () => {
    const text = `defaults:
  parameters: {region: eu}
environments:
  dev:
    parameters: {goodbey: true}
    deployments:
      hello_world:
        parameters: {name: Arthur}
        schedules:
          - cron: "0 6 * * *"
            parameters:
              lmit: 3
  prod:
    parameters: {wrong: 1}
`;
    const found = mistakes(text);
    expect(found.map((each) => [each.line, each.message.split(':')[0]])).toEqual([
      [2, 'defaults.parameters.region'],
      [5, 'environments.dev.parameters.goodbey'],
      [12, 'environments.dev.deployments.hello_world.schedules.0.parameters.lmit'],
    ]);
    expect(found[0]!.message).toContain('takes no parameter "region". It takes name');
    expect(found[1]!.message).toContain('did you mean "goodbye"?');
    expect(found[2]!.message).toContain('did you mean "limit"?');
  });

  it('says so when the flow takes no parameters at all', () => {
    const bare = aFlow('bare', { parameters: { title: 'Parameters', type: 'object', properties: {} } });
    const [only] = mistakes('deployments:\n  bare:\n    parameters: {x: 1}\n', [bare]);
    expect(only!.message).toBe(
      'deployments.bare.parameters.x: bare takes no parameter "x". It takes no parameters.',
    );
  });

  it('accepts any name when the flow takes **kwargs', () => {
    const text = 'deployments:\n  hello_world:\n    parameters: {anything: 1, nmae: x}\n';
    expect(mistakes(text, [hello({ accepts_any_parameters: true })])).toEqual([]);
  });

  it('refuses a value of another JSON type than the schema gives, and only then', () => {
    const text = `deployments:
  hello_world:
    parameters:
      name: 42
      goodbye: "yes"
      limit: "3"
      ratio: 2
      config: {any: thing}
`;
    expect(mistakes(text).map((each) => each.message)).toEqual([
      'deployments.hello_world.parameters.name: hello_world\'s parameter "name" takes a string, not an integer (42).',
      'deployments.hello_world.parameters.goodbye: hello_world\'s parameter "goodbye" takes a boolean, not a string ("yes").',
      'deployments.hello_world.parameters.limit: hello_world\'s parameter "limit" takes an integer or null, not a string ("3").',
    ]);
    const fine =
      'deployments:\n  hello_world:\n    parameters: {name: Zaphod, goodbye: true, limit: null, ratio: 1.5}\n';
    expect(mistakes(fine)).toEqual([]);
  });

  it('checks only the environment being deployed', () => {
    const text = 'environments:\n  dev: {}\n  prod:\n    parameters: {nmae: x}\n';
    expect(mistakes(text, [hello()], 'dev')).toEqual([]);
    expect(mistakes(text, [hello()], 'prod')).toHaveLength(1);
  });
});
