import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mergeEnvVars } from '../../src/context/env-layers.js';
import { parseEnvVars } from '../../src/context/env-vars.js';
import { ConfigurationError } from '../../src/errors/portal-error.js';
import { problemsOf, wheres } from '../config/problems.js';

const LABEL = 'env-vars';

describe('parseEnvVars: dotenv', () => {
  it('reads the usual forms', () => {
    const text = [
      '# deployment settings',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      'SPACED = around equals ',
      'EMPTY=',
      'COMMENTED=value # trailing comment',
      'HASH=a#b',
      'URL=https://x.example/?a=1&b=2',
      "SINGLE='literal \\n ${NOT} # kept'",
      'DOUBLE="line1\\nline2\\t\\"quoted\\" \\\\ \\$ \\q"',
      'QUOTED_COMMENT="v" # why',
    ].join('\n');
    expect(parseEnvVars(text, LABEL)).toEqual({
      PLAIN: 'value',
      EXPORTED: 'yes',
      SPACED: 'around equals',
      EMPTY: '',
      COMMENTED: 'value',
      HASH: 'a#b',
      URL: 'https://x.example/?a=1&b=2',
      SINGLE: 'literal \\n ${NOT} # kept',
      DOUBLE: 'line1\nline2\t"quoted" \\ $ \\q',
      QUOTED_COMMENT: 'v',
    });
  });

  it('reads quoted values over several lines, and CRLF files', () => {
    expect(parseEnvVars('KEY="-----BEGIN-----\nabc\n-----END-----"\r\nNEXT=1\r\n', LABEL)).toEqual({
      KEY: '-----BEGIN-----\nabc\n-----END-----',
      NEXT: '1',
    });
  });

  it('lets a later line win', () => {
    expect(parseEnvVars('A=1\nA=2\n', LABEL)).toEqual({ A: '2' });
  });

  it('reports every bad line with its number', () => {
    const problems = problemsOf(() =>
      parseEnvVars('GOOD=1\nnot a line\n1BAD=x\nBAD-NAME=y\nQ="unclosed\nOK=2\n', LABEL),
    );
    expect(problems.every((problem) => problem instanceof ConfigurationError)).toBe(true);
    expect(wheres(problems)).toEqual(['env-vars:2', 'env-vars:3', 'env-vars:4', 'env-vars:5']);
    expect(problems.map((problem) => problem.message)).toEqual([
      'env-vars line 2: expected KEY=VALUE, got "not a line".',
      'env-vars line 3: "1BAD" is not a variable name (letters, digits and _, not starting with a digit).',
      'env-vars line 4: "BAD-NAME" is not a variable name (letters, digits and _, not starting with a digit).',
      'env-vars line 5: the double quote opened here is never closed.',
    ]);
  });

  it('refuses text after a closing quote', () => {
    expect(() => parseEnvVars('A="x" y\n', LABEL)).toThrow(
      'env-vars line 1: unexpected text after the closing quote: "y".',
    );
  });

  it('reads back what a dotenv writer wrote, for any names and values (property)', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/);
    // Characters that trip dotenv readers: quotes, backslashes, comments, newlines, `${`.
    const tricky = fc.constantFrom(
      'a',
      'Z',
      ' ',
      '"',
      "'",
      '\\',
      '\n',
      '\r',
      '\t',
      '#',
      '$',
      '{',
      '}',
      '=',
      'é',
      '😀',
    );
    const value = fc.oneof(fc.string(), fc.string({ unit: tricky }));
    const escape = (text: string) =>
      text.replace(
        /[\\"\n\r\t]/g,
        (char) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[char]!,
      );
    fc.assert(
      fc.property(fc.dictionary(name, value), fc.boolean(), (vars, exported) => {
        const text = Object.entries(vars)
          .map(([key, item]) => `${exported ? 'export ' : ''}${key}="${escape(item)}"`)
          .join('\n');
        expect(parseEnvVars(text, LABEL)).toEqual(vars);
      }),
    );
  });
});

describe('parseEnvVars: YAML and JSON', () => {
  it('reads a YAML mapping, numbers and booleans as text', () => {
    expect(
      parseEnvVars(
        '# from acme-config\nLOG_LEVEL: INFO\nWORKERS: 4\nDEBUG: false\nPYTHON: 3.10\nURL: "http://a:b@c"\n',
        LABEL,
      ),
    ).toEqual({
      LOG_LEVEL: 'INFO',
      WORKERS: '4',
      DEBUG: 'false',
      PYTHON: '3.10',
      URL: 'http://a:b@c',
    });
  });

  it('reads a JSON object', () => {
    expect(parseEnvVars('{"A": "1", "B": 2}', LABEL)).toEqual({ A: '1', B: '2' });
  });

  it('reports bad names and values at their position', () => {
    const problems = problemsOf(() => parseEnvVars('A: [1]\nbad-name: x\nC:\n', LABEL));
    expect(wheres(problems)).toEqual(['env-vars:1:4', 'env-vars:2:1', 'env-vars:3:1']);
    expect(problems.map((problem) => problem.message)).toEqual([
      'env-vars: A must be a string, not a list or mapping.',
      'env-vars: "bad-name" is not a variable name (letters, digits and _, not starting with a digit).',
      'env-vars: C has no value; write "" for an empty value.',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const [problem] = problemsOf(() => parseEnvVars('{"A": "1",\n', LABEL));
    expect(problem!.location?.file).toBe(LABEL);
    expect(problem!.message).toMatch(/^YAML syntax error/);
  });

  it('is empty for blank or comment-only text, and refuses anything else', () => {
    expect(parseEnvVars('\n# nothing\n', LABEL)).toEqual({});
    expect(() => parseEnvVars('just words', LABEL)).toThrow(
      'expected KEY=VALUE lines (dotenv) or a YAML/JSON mapping',
    );
  });
});

describe('mergeEnvVars', () => {
  it('lets later layers win and says where each variable came from', () => {
    const merged = mergeEnvVars([
      { source: 'config', vars: { LOG_LEVEL: 'INFO', REGION: 'eu' } },
      { source: 'env-vars input', vars: { LOG_LEVEL: 'DEBUG', TOKEN: 'x' } },
      { source: 'env-vars-command', vars: { LOG_LEVEL: 'WARN' } },
    ]);
    expect(merged.vars).toEqual({ LOG_LEVEL: 'WARN', REGION: 'eu', TOKEN: 'x' });
    expect(merged.origins).toEqual({
      LOG_LEVEL: { source: 'env-vars-command', overrode: ['config', 'env-vars input'] },
      REGION: { source: 'config', overrode: [] },
      TOKEN: { source: 'env-vars input', overrode: [] },
    });
  });

  it('refuses DEPLOYMENT_NAME from any layer', () => {
    expect(() => mergeEnvVars([{ source: 'env-vars input', vars: { DEPLOYMENT_NAME: 'x' } }])).toThrow(
      'DEPLOYMENT_NAME in the env-vars input is set by the deployer for every deployment.',
    );
  });
});
