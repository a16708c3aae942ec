// A private copy of examples/ per scenario, laid out as in this repository (checkout root with the
// project in examples/), so a scenario can delete a flow, add a colliding one or edit the config.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, type Document } from 'yaml';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');

/** The `config` input of every scenario: the examples' config, relative to the checkout. */
export const EXAMPLE_CONFIG = 'examples/.acme-portal.yml';

const copies: string[] = [];

export class ExampleProject {
  /** The checkout root (GITHUB_WORKSPACE). */
  readonly workspace: string;
  /** The project folder: the config file's folder, which entrypoints are relative to. */
  readonly projectDir: string;

  constructor() {
    this.workspace = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
    copies.push(this.workspace);
    this.projectDir = join(this.workspace, 'examples');
    cpSync(EXAMPLES_DIR, this.projectDir, { recursive: true });
  }

  /** Path inside the project folder. */
  path(relative: string): string {
    return join(this.projectDir, relative);
  }

  read(relative: string): string {
    return readFileSync(this.path(relative), 'utf8');
  }

  write(relative: string, text: string): void {
    mkdirSync(dirname(this.path(relative)), { recursive: true });
    writeFileSync(this.path(relative), text);
  }

  remove(relative: string): void {
    rmSync(this.path(relative));
  }

  /** Edits the config file in place, comments and layout kept. */
  editConfig(edit: (config: Document) => void): void {
    const document = parseDocument(this.read('.acme-portal.yml'));
    edit(document);
    this.write('.acme-portal.yml', document.toString());
  }

  /** `[project].version` of the copy's pyproject.toml: what deploy tags as PACKAGE_VERSION. */
  packageVersion(): string {
    // Read by hand, not with the product's reader, so a reader bug cannot agree with itself.
    const section =
      /^\[project\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(this.read('pyproject.toml'))?.[1] ?? '';
    const version = /^version\s*=\s*["']([^"']+)["']/m.exec(section)?.[1];
    if (!version) throw new Error('examples/pyproject.toml states no static [project].version');
    return version;
  }
}

export function copyExamples(): ExampleProject {
  return new ExampleProject();
}

/** Deletes every copy made so far; test files call it after each scenario. */
export function removeExampleCopies(): void {
  for (const folder of copies.splice(0)) rmSync(folder, { recursive: true, force: true });
}
