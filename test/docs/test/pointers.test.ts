// A user finds the page they need in one step: from each action's description, from the CLI's
// --help, and from the README's first screen for the tasks people come with.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS, readManifest } from '../../../scripts/action-docs.js';
import { COMMANDS } from '../../../packages/cli/src/commands/index.js';
import { commandHelp, mainHelp } from '../../../packages/cli/src/flags/help-text.js';
import { ACTION_MANIFESTS } from '../../../packages/cli/src/generated/action-manifests.js';
import { MANUAL_URL, manualPage } from '../../../packages/cli/src/manual.js';
import { localLinks, repositoryRoot, resolveTarget } from '../markdown.js';

/** A manual address as a path in this repository: `…/docs/deploy.md` → `docs/deploy.md`. */
const pathOf = (url: string) => `docs/${url.slice(MANUAL_URL.length + 1)}`;

describe('pointers to the manual', () => {
  it.each(ACTIONS)(
    "%s/action.yml's description ends with the address of its page, which exists",
    (action) => {
      const description =
        (readManifest(repositoryRoot, action) as { description?: string }).description ?? '';
      expect(description.trim().endsWith(`Manual: ${manualPage(action)}`)).toBe(true);
      expect(existsSync(join(repositoryRoot, pathOf(manualPage(action))))).toBe(true);
    },
  );

  it('acme-portal --help and each command --help name the pages', () => {
    expect(mainHelp(COMMANDS, ACTION_MANIFESTS)).toContain(manualPage('cli'));
    // init has no action of its own: its page is the one on migrating (starting fresh included).
    const pageOf = (name: string) => (name === 'init' ? 'migrating' : name);
    for (const command of COMMANDS) {
      const help = commandHelp(command, command.manifest ?? ACTION_MANIFESTS[command.name]!);
      expect(help).toContain(manualPage(pageOf(command.name)));
      expect(help).toContain(manualPage('cli'));
    }
    expect(existsSync(join(repositoryRoot, pathOf(manualPage('cli'))))).toBe(true);
  });
});

describe("the README's first screen", () => {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  // What shows before the reader scrolls: everything above "Try it".
  const firstScreen = readme.slice(0, readme.indexOf('\n## Try it'));
  const links = localLinks({ file: 'README.md', text: firstScreen }).map((link) => {
    const { path, anchor } = resolveTarget(link);
    return anchor === null ? path : `${path}#${anchor}`;
  });

  it.each([
    ['deploying on merge', 'docs/deploy.md#deploy-on-merge'],
    ['promoting with approval', 'docs/promote.md#promote-with-approval'],
    ['previews per pull request', 'docs/review.md#preview-deployments-per-pull-request'],
    ['a workspace per environment', 'docs/environments.md#environments-on-servers-of-their-own'],
    ['migrating from prefect.yaml', 'docs/migrating.md#coming-from-prefectyaml'],
    ['running from GitLab CI', 'docs/cli.md#gitlab-ci'],
    ['an error message', 'docs/troubleshooting.md'],
  ])('links to the page for %s (%s)', (_, target) => {
    expect(links).toContain(target);
  });

  it('fits on a screen, and the whole README stays short (the rest belongs in docs/)', () => {
    expect(firstScreen.split('\n').length).toBeLessThanOrEqual(40);
    expect(readme.split('\n').length).toBeLessThan(250);
  });
});
