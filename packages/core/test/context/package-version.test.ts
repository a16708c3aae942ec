import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPackageVersion } from '../../src/context/package-version.js';
import { ConfigurationError } from '../../src/errors/portal-error.js';

let repo: string;
beforeEach(async () => {
  repo = await mkdtemp(join(tmpdir(), 'portal-version-'));
});
afterEach(async () => {
  await rm(repo, { recursive: true, force: true });
});

async function files(contents: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(contents)) await writeFile(join(repo, name), text);
}

describe('readPackageVersion', () => {
  it('reads [project].version (PEP 621)', async () => {
    await files({ 'pyproject.toml': '[project]\nname = "etl"\nversion = "1.2.3"\n' });
    expect(await readPackageVersion(repo)).toEqual({
      version: '1.2.3',
      file: 'pyproject.toml',
      key: '[project].version',
    });
  });

  it('reads Poetry’s [tool.poetry].version', async () => {
    await files({ 'pyproject.toml': '[tool.poetry]\nname = "etl"\nversion = "0.9.0"\n' });
    expect(await readPackageVersion(repo)).toMatchObject({ version: '0.9.0', key: '[tool.poetry].version' });
  });

  it('reads Poetry 2’s version when [project] leaves it dynamic', async () => {
    await files({
      'pyproject.toml':
        '[project]\nname = "etl"\ndynamic = ["version"]\n\n[tool.poetry]\nversion = "2.0.1"\n',
    });
    expect(await readPackageVersion(repo)).toMatchObject({ version: '2.0.1', key: '[tool.poetry].version' });
  });

  it('reads setup.cfg’s [metadata] version', async () => {
    await files({ 'setup.cfg': '# setup\n[options]\nversion = no\n[metadata]\nname = etl\nversion = 3.1\n' });
    expect(await readPackageVersion(repo)).toEqual({
      version: '3.1',
      file: 'setup.cfg',
      key: '[metadata] version',
    });
  });

  it('falls back to setup.cfg when pyproject.toml has no version', async () => {
    await files({
      'pyproject.toml': '[build-system]\nrequires = ["setuptools"]\n',
      'setup.cfg': '[metadata]\nversion = 4.0\n',
    });
    expect(await readPackageVersion(repo)).toMatchObject({ version: '4.0', file: 'setup.cfg' });
  });

  it('is null when nothing states a version', async () => {
    expect(await readPackageVersion(repo)).toBeNull();
    await files({ 'pyproject.toml': '[build-system]\nrequires = ["hatchling"]\n' });
    expect(await readPackageVersion(repo)).toBeNull();
  });

  it('refuses a dynamic [project] version, naming the tool and the input to give', async () => {
    await files({
      'pyproject.toml': '[project]\nname = "etl"\ndynamic = ["version", "readme"]\n\n[tool.setuptools_scm]\n',
    });
    const error = await readPackageVersion(repo).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toContain(
      'is dynamic ([project].dynamic lists "version"), computed by setuptools-scm',
    );
    expect((error as ConfigurationError).hint).toContain('`package-version` input');
    expect((error as ConfigurationError).location).toEqual({ file: 'pyproject.toml', line: 3 });
  });

  it('refuses Poetry dynamic versioning', async () => {
    await files({
      'pyproject.toml':
        '[tool.poetry]\nversion = "0.0.0"\n\n[tool.poetry-dynamic-versioning]\nenable = true\n',
    });
    await expect(readPackageVersion(repo)).rejects.toMatchObject({
      location: { file: 'pyproject.toml', line: 4 },
      message: expect.stringContaining('poetry-dynamic-versioning'),
    });
  });

  it('refuses setup.cfg attr: and file: versions', async () => {
    for (const value of ['attr: etl.__version__', 'file: VERSION']) {
      await files({ 'setup.cfg': `[metadata]\nname = etl\nversion = ${value}\n` });
      await expect(readPackageVersion(repo)).rejects.toMatchObject({
        location: { file: 'setup.cfg', line: 3 },
        message: expect.stringContaining('is computed'),
      });
    }
  });

  it('reports a TOML syntax error at its line and column', async () => {
    await files({ 'pyproject.toml': '[project]\nname = "etl"\nversion = 1.2.3\n' });
    await expect(readPackageVersion(repo)).rejects.toMatchObject({
      location: { file: 'pyproject.toml', line: 3, column: 14 },
      message: expect.stringMatching(/^pyproject.toml is not valid TOML: /),
    });
  });
});
