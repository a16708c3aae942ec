import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ACTION_COMMANDS,
  GITHUB_ONLY_INPUTS,
  CLI_PAGE,
  MANIFEST_MODULE,
  readActionManifest,
  regenerateCliPage,
  renderManifestModule,
  renderTemplatesModule,
  TEMPLATES_MODULE,
  templateFiles,
} from '../../../scripts/cli-docs.js';
import { ACTION_TEMPLATES } from '../../../packages/cli/src/generated/action-templates.js';
import { COMMANDS } from '../../../packages/cli/src/commands/index.js';
import { ACTION_MANIFESTS } from '../../../packages/cli/src/generated/action-manifests.js';
import { CLI_VERSION } from '../../../packages/cli/src/version.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('the CLI generated from the action manifests', () => {
  it('its manifest module is what action.yml gives now (run `pnpm docs:tables` after changing a manifest)', async () => {
    expect(readFileSync(join(root, MANIFEST_MODULE), 'utf8')).toBe(await renderManifestModule(root));
  });

  it("docs/cli.md's flag tables are what the manifests give now", () => {
    const page = readFileSync(join(root, CLI_PAGE), 'utf8');
    expect(regenerateCliPage(page, root)).toBe(page);
  });

  it('notices a drifted flag table', () => {
    const page = readFileSync(join(root, CLI_PAGE), 'utf8');
    const drifted = page.replace('| `--dry-run` |', '| `--dry_run` |');
    expect(drifted).not.toBe(page);
    expect(regenerateCliPage(drifted, root)).not.toBe(drifted);
  });

  it('carries action-templates/ byte for byte for `init` (run `pnpm docs:tables` after changing a template)', async () => {
    expect(readFileSync(join(root, TEMPLATES_MODULE), 'utf8')).toBe(await renderTemplatesModule(root));
    for (const file of templateFiles(root))
      expect(ACTION_TEMPLATES[file]).toBe(readFileSync(join(root, 'action-templates', file), 'utf8'));
    expect(Object.keys(ACTION_TEMPLATES).sort()).toEqual(templateFiles(root));
  });

  it('init, a command of the CLI alone, has a manifest of its own and no action.yml', () => {
    const own = COMMANDS.filter((command) => command.manifest !== undefined).map((command) => command.name);
    expect(own).toEqual(['init']);
    expect(ACTION_MANIFESTS.init).toBeUndefined();
  });

  it.each(ACTION_COMMANDS.map((command) => command.name))(
    '%s: every input of its action.yml is there, GitHub-only ones marked, aliases name real inputs',
    (name) => {
      const manifest = ACTION_MANIFESTS[name]!;
      const fromYaml = readActionManifest(root, name);
      expect(manifest.inputs.map((input) => input.name)).toEqual(fromYaml.inputs.map((input) => input.name));
      for (const input of manifest.inputs) expect(input.githubOnly).toBe(input.name in GITHUB_ONLY_INPUTS);
      const command = COMMANDS.find((each) => each.name === name)!;
      const inputs = new Set(manifest.inputs.map((input) => input.name));
      for (const [alias, target] of Object.entries(command.aliases)) {
        expect(inputs.has(target)).toBe(true);
        expect(inputs.has(alias)).toBe(false);
      }
    },
  );

  it('refuses an input whose default only the runner can evaluate, unless it is GitHub-only', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cli-docs-'));
    try {
      mkdirSync(join(folder, 'cleanup'));
      const manifest = (name: string) =>
        `name: x\ndescription: y\ninputs:\n  ${name}:\n    description: z\n    default: \${{ github.token }}\n`;
      writeFileSync(join(folder, 'cleanup', 'action.yml'), manifest('token'));
      expect(() => readActionManifest(folder, 'cleanup')).toThrow(
        /cleanup\/action\.yml: input `token` defaults to a GitHub expression .* GITHUB_ONLY_INPUTS/,
      );
      writeFileSync(join(folder, 'cleanup', 'action.yml'), manifest('github-token'));
      expect(readActionManifest(folder, 'cleanup').inputs).toEqual([
        {
          name: 'github-token',
          description: 'z',
          default: '${{ github.token }}',
          required: false,
          githubOnly: true,
        },
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('--version is the package version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', 'cli', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(CLI_VERSION).toBe(pkg.version);
  });
});
