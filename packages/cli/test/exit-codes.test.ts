import { describe, expect, it } from '@jest/globals';
import {
  AggregatePortalError,
  ConfigurationError,
  InputError,
  NotFoundError,
  PrefectApiError,
  PrefectAuthError,
  PrefectUnreachableError,
  RefusedError,
} from '@portal-actions/core';
import { exitCodeFor } from '../src/exit-codes.js';
import { repositoryFromRemote } from '../src/machine-facts.js';
import { SecretRedactor } from '../src/output/secret-redaction.js';
import { UsageError } from '../src/usage-error.js';

const request = { method: 'GET', path: '/admin/version' };

describe('exit codes', () => {
  it.each([
    ['a usage error', new UsageError('x'), 2],
    ['a bad input', new InputError('x'), 2],
    ['a bad config', new ConfigurationError('x', { location: { file: 'a.yml', line: 3 } }), 2],
    ['an unknown flow or pool', new NotFoundError('x'), 2],
    ['a refused promotion', new RefusedError('x'), 2],
    [
      'several config problems',
      new AggregatePortalError('2 problems', [new ConfigurationError('a'), new InputError('b')]),
      2,
    ],
    [
      'Prefect unreachable',
      new PrefectUnreachableError({ reason: 'refused', apiUrl: 'http://x/api', retries: 2, ...request }),
      3,
    ],
    [
      'credentials refused',
      new PrefectAuthError(
        { status: 401, detail: '', ...request },
        { apiUrl: 'http://x/api', isCloud: false, credential: 'none' },
      ),
      3,
    ],
    ['Prefect failing as a whole', new PrefectApiError({ status: 500, detail: '', ...request }), 3],
    ['a 422 that stopped the run', new PrefectApiError({ status: 422, detail: '', ...request }), 1],
    ['a bug', new TypeError('x is undefined'), 1],
  ])('%s → %i', (_, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});

describe('machine facts', () => {
  it.each([
    ['git@github.com:acme/portal-actions.git', 'acme/portal-actions'],
    ['https://github.com/acme/portal-actions.git', 'acme/portal-actions'],
    ['https://gitlab.example.com/group/sub/project', 'sub/project'],
    ['ssh://git@host:2222/team/repo.git/', 'team/repo'],
  ])('names the repository of %s as %s', (url, repository) => {
    expect(repositoryFromRemote(url)).toBe(repository);
  });
});

describe('secret redaction', () => {
  it('replaces every secret, longest first', () => {
    const redactor = new SecretRedactor();
    redactor.add('abc');
    redactor.add('abcdef');
    redactor.add('');
    expect(redactor.redact('key abcdef and abc, abc')).toBe('key *** and ***, ***');
  });
});
