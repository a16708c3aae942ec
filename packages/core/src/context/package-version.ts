// The Python package's version, for the PACKAGE_VERSION tag: read statically from pyproject.toml
// (PEP 621 or Poetry) or setup.cfg. A version computed at build time cannot be read here.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { ConfigurationError, type SourceLocation } from '../errors/portal-error.js';

export interface PackageVersion {
  version: string;
  /** File relative to the repository root: `pyproject.toml`, `setup.cfg`. */
  file: string;
  /** `[project].version`, `[tool.poetry].version`, `[metadata] version`. */
  key: string;
}

const GIVE_INPUT =
  'Give the `package-version` input (for example from your build step), or write a static version.';

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

type Table = Record<string, unknown>;

function table(value: unknown): Table | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Table) : undefined;
}

/** 1-based line of `key =` in `[section]` (or of the header when no key), for locating a finding. */
function lineOf(text: string, section: string, key?: string): number | undefined {
  let current = '';
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$/.exec(line);
    if (header) {
      current = header[1]!.replace(/["'\s]/g, '');
      if (current === section && key === undefined) return index + 1;
      continue;
    }
    if (current === section && key !== undefined && new RegExp(`^\\s*${key}\\s*[=:]`).test(line))
      return index + 1;
  }
  return undefined;
}

function at(file: string, line: number | undefined): { location: SourceLocation } {
  return { location: line === undefined ? { file } : { file, line } };
}

/** The build backends that compute a version, to name the one in use. */
function versionTool(tool: Table | undefined): string | null {
  if (!tool) return null;
  if (tool.setuptools_scm !== undefined) return 'setuptools-scm';
  if (table(tool.hatch)?.version !== undefined) return 'hatch';
  if (table(table(tool.setuptools)?.dynamic)?.version !== undefined) return 'setuptools';
  if (table(tool.pdm)?.version !== undefined) return 'pdm';
  if (tool['versioningit'] !== undefined) return 'versioningit';
  return null;
}

/** The version, null when the file states none, or the error to raise when it is computed. */
function fromPyproject(text: string): PackageVersion | ConfigurationError | null {
  const file = 'pyproject.toml';
  let document: Table;
  try {
    document = parse(text) as Table;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    throw new ConfigurationError(
      `${file} is not valid TOML: ${error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '')}.`,
      {
        location: { file, line: error.line, column: error.column },
        cause: error,
      },
    );
  }
  const project = table(document.project);
  const tool = table(document.tool);
  if (typeof project?.version === 'string' && project.version.trim() !== '') {
    return { version: project.version.trim(), file, key: '[project].version' };
  }
  const poetry = table(tool?.poetry);
  const poetryPlugin = table(tool?.['poetry-dynamic-versioning']);
  if (typeof poetry?.version === 'string' && poetry.version.trim() !== '') {
    if (poetryPlugin?.enable === true) {
      return new ConfigurationError(
        `The package version in ${file} is dynamic: poetry-dynamic-versioning replaces [tool.poetry].version ("${poetry.version}") at build time.`,
        { hint: GIVE_INPUT, ...at(file, lineOf(text, 'tool.poetry-dynamic-versioning')) },
      );
    }
    return { version: poetry.version.trim(), file, key: '[tool.poetry].version' };
  }
  const dynamic = Array.isArray(project?.dynamic) && project.dynamic.includes('version');
  if (dynamic) {
    const backend = versionTool(tool);
    return new ConfigurationError(
      `The package version in ${file} is dynamic ([project].dynamic lists "version")${backend ? `, computed by ${backend}` : ''} at build time, so it cannot be read from the source.`,
      { hint: GIVE_INPUT, ...at(file, lineOf(text, 'project', 'dynamic')) },
    );
  }
  return null;
}

/** `[metadata] version` of a setup.cfg (INI); `attr:` and `file:` values are computed. */
function fromSetupCfg(text: string): PackageVersion | null {
  const file = 'setup.cfg';
  let section = '';
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    if (/^\s*[#;]/.test(line)) continue;
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1]!.trim();
      continue;
    }
    const entry = /^version\s*[=:]\s*(.*)$/.exec(line);
    if (section !== 'metadata' || !entry) continue;
    const value = entry[1]!.trim();
    if (/^(attr|file)\s*:/.test(value)) {
      throw new ConfigurationError(
        `The package version in ${file} is computed (${value}), so it cannot be read without running Python.`,
        { hint: GIVE_INPUT, location: { file, line: index + 1 } },
      );
    }
    if (value !== '') return { version: value, file, key: '[metadata] version' };
  }
  return null;
}

/**
 * The version in pyproject.toml (`[project].version`, else Poetry's `[tool.poetry].version`),
 * else setup.cfg's `[metadata] version`; null when none states one. A dynamic version is a
 * ConfigurationError that asks for the `package-version` input.
 */
export async function readPackageVersion(repoRoot: string): Promise<PackageVersion | null> {
  const pyproject = await readText(join(repoRoot, 'pyproject.toml'));
  const found = pyproject === null ? null : fromPyproject(pyproject);
  if (found && !(found instanceof ConfigurationError)) return found;
  // A version pyproject.toml leaves dynamic may still be stated in setup.cfg (setuptools reads it there).
  const setupCfg = await readText(join(repoRoot, 'setup.cfg'));
  const fromCfg = setupCfg === null ? null : fromSetupCfg(setupCfg);
  if (fromCfg) return fromCfg;
  if (found) throw found;
  return null;
}
