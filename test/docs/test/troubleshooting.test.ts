// No kind of error ships without its troubleshooting entry: every error class of the packages
// and actions is named (in backticks) on docs/troubleshooting.md, with its cause and fix beside it.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorClassesIn, projectErrorClasses } from '../error-classes.js';
import { repositoryRoot } from '../markdown.js';

const page = readFileSync(join(repositoryRoot, 'docs', 'troubleshooting.md'), 'utf8');
const classes = projectErrorClasses(repositoryRoot);

describe('docs/troubleshooting.md', () => {
  it('finds the error classes of every package (the typed errors of core, the CLI, the GitHub ports)', () => {
    expect(classes.map((each) => each.name)).toEqual(
      expect.arrayContaining([
        'PortalError',
        'ConfigurationError',
        'InputError',
        'NotFoundError',
        'RefusedError',
        'PrefectAuthError',
        'UsageError',
        'CommentPermissionError',
      ]),
    );
  });

  it.each(classes.map((each) => [each.name, each.file] as const))(
    'has an entry for %s (%s): add the messages it raises, their cause and their fix',
    (name) => {
      expect(page).toContain(`\`${name}\``);
    },
  );

  it('notices a new error class, through any base, and ignores other classes', () => {
    const sources = new Map([
      ['a.ts', 'export class QuotaError extends RefusedError {}\nexport class Plan extends Map {}\n'],
      [
        'b.ts',
        'export class RefusedError extends PortalError {}\nexport class PortalError extends Error {}\n',
      ],
      ['c.ts', 'class Private extends Error {}\n'],
    ]);
    expect(errorClassesIn(sources).map((each) => each.name)).toEqual([
      'PortalError',
      'QuotaError',
      'RefusedError',
    ]);
    expect(page).not.toContain('`QuotaError`');
  });
});
