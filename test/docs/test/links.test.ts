// Every relative link of the manual leads somewhere: the file exists and, for a page, the
// #anchor is one of its headings. Pages still on other branches are named in one list.
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  anchors,
  localLinks,
  manualPages,
  repositoryRoot,
  resolveTarget,
  slug,
  type Link,
} from '../markdown.js';

const pages = manualPages();
const anchorsOf = new Map<string, Set<string>>();
function anchorsIn(path: string): Set<string> {
  let found = anchorsOf.get(path);
  if (found === undefined) {
    found = anchors(readFileSync(join(repositoryRoot, path), 'utf8'));
    anchorsOf.set(path, found);
  }
  return found;
}

/** Why a link leads nowhere, or null when it resolves. */
function brokenBecause(link: Link): string | null {
  const { path, anchor } = resolveTarget(link);
  if (!existsSync(join(repositoryRoot, path))) return `${path} does not exist`;
  if (anchor !== null && path.endsWith('.md') && !anchorsIn(path).has(anchor)) {
    return `${path} has no heading whose anchor is #${anchor}`;
  }
  return null;
}

describe('the links of the manual', () => {
  const links = pages.flatMap(localLinks);

  it('are found (the README alone links to every page of docs/)', () => {
    const fromReadme = new Set(
      links.filter((link) => link.file === 'README.md').map((link) => resolveTarget(link).path),
    );
    for (const page of pages.filter((each) => each.file.startsWith('docs/'))) {
      expect([page.file, fromReadme.has(page.file)]).toEqual([page.file, true]);
    }
  });

  it.each(pages.map((page) => page.file))('%s: every relative link and #anchor resolves', (file) => {
    const broken = links
      .filter((link) => link.file === file)
      .map((link) => ({ link, why: brokenBecause(link) }))
      .filter(({ why }) => why !== null)
      .map(({ link, why }) => `${link.file}:${link.line}: (${link.target}) ${why}`);
    expect(broken).toEqual([]);
  });

  it('notices a missing page and a missing anchor', () => {
    const link = (target: string): Link => ({ file: 'docs/deploy.md', line: 1, target });
    expect(brokenBecause(link('nowhere.md'))).toBe('docs/nowhere.md does not exist');
    expect(brokenBecause(link('cli.md#no-such-heading'))).toBe(
      'docs/cli.md has no heading whose anchor is #no-such-heading',
    );
    expect(brokenBecause(link('cli.md#gitlab-ci'))).toBeNull();
    expect(brokenBecause(link('#inputs-and-outputs'))).toBeNull();
  });
});

describe('heading anchors as GitHub makes them', () => {
  it.each([
    ['Coming from prefect.yaml', 'coming-from-prefectyaml'],
    ["The SDK's config as it is", 'the-sdks-config-as-it-is'],
    ['`acme-portal find-flows`', 'acme-portal-find-flows'],
    ['Several deployments of one flow (variants)', 'several-deployments-of-one-flow-variants'],
    ['From `aps-prefect-deploy`', 'from-aps-prefect-deploy'],
  ])('%s → #%s', (heading, anchor) => {
    expect(slug(heading)).toBe(anchor);
  });

  it('numbers repeated headings as GitHub does', () => {
    expect([...anchors('# A\n## Notes\n## Notes\n```\n# not a heading\n```\n')]).toEqual([
      'a',
      'notes',
      'notes-1',
    ]);
  });
});
