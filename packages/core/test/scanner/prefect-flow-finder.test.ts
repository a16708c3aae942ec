// PrefectFlowFinder over real folders: what it walks and skips, how it reports files it cannot
// read, and the order and warnings of its result.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigurationError, NotFoundError } from '../../src/errors/portal-error.js';
import { PrefectFlowFinder } from '../../src/scanner/index.js';

let repo: string;

function write(relative: string, content: string | Buffer): void {
  const absolute = path.join(repo, relative);
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, content);
}

function flowModule(name: string): string {
  return `from prefect import flow\n\n\n@flow\ndef ${name}():\n    pass\n`;
}

async function find(root = 'flows', exclude: string[] = [], finder = new PrefectFlowFinder()) {
  return finder.findFlows({ root: path.join(repo, root), repoRoot: repo, exclude });
}

async function foundEntrypoints(root = 'flows', exclude: string[] = []): Promise<string[]> {
  return (await find(root, exclude)).flows.map((flow) => flow.entrypoint);
}

beforeEach(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'flow-finder-'));
});

afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('PrefectFlowFinder', () => {
  it('reports paths relative to the scan root and to the repository root', async () => {
    write('flows/sales/daily.py', flowModule('daily'));
    const { flows, stats } = await find();
    expect(flows).toHaveLength(1);
    expect(flows[0]).toMatchObject({
      source_relative: 'sales/daily.py',
      source_path: path.join(repo, 'flows/sales/daily.py'),
      grouping: ['sales'],
      entrypoint: 'flows/sales/daily.py:daily',
      child_attributes: { module: 'flows.sales.daily', import_path: 'flows.sales.daily.daily' },
    });
    expect(stats).toEqual({
      filesSeen: 1,
      filesParsed: 1,
      bytesRead: Buffer.byteLength(flowModule('daily')),
    });
  });

  it('orders flows by file then line, whatever the walk order', async () => {
    write('flows/b.py', flowModule('b1') + '\n\n@flow\ndef b2(): pass\n');
    write('flows/a/z.py', flowModule('z'));
    write('flows/a.py', flowModule('a'));
    expect(await foundEntrypoints()).toEqual([
      'flows/a.py:a',
      'flows/a/z.py:z',
      'flows/b.py:b1',
      'flows/b.py:b2',
    ]);
  });

  it('parses only files that mention prefect and flow', async () => {
    write('flows/one.py', flowModule('one'));
    write('flows/plain.py', 'def f():\n    return 1\n');
    write('flows/tasks.py', 'from prefect import task\n');
    const { stats } = await find();
    expect(stats.filesSeen).toBe(3);
    expect(stats.filesParsed).toBe(1);
  });

  it('skips virtualenvs, caches, VCS folders and installed packages', async () => {
    write('flows/real.py', flowModule('real'));
    for (const folder of [
      '.venv',
      'venv',
      '.git',
      'node_modules',
      '__pycache__',
      '.tox',
      'x/site-packages',
      'pkg.egg-info',
    ]) {
      write(`flows/${folder}/hidden.py`, flowModule('hidden'));
    }
    write('flows/custom_env/pyvenv.cfg', 'home = /usr/bin\n');
    write('flows/custom_env/lib/hidden.py', flowModule('hidden'));
    write('flows/conda/conda-meta/history', '');
    write('flows/conda/hidden.py', flowModule('hidden'));
    write('flows/build/kept.py', flowModule('kept'));
    expect(await foundEntrypoints()).toEqual(['flows/build/kept.py:kept', 'flows/real.py:real']);
  });

  it('honours .gitignore files at, below and above the scan root, with negation', async () => {
    write('.gitignore', 'flows/generated/\n');
    write('flows/.gitignore', '*_local.py\n!keep_local.py\n');
    write('flows/deep/.gitignore', '/only_here.py\n');
    write('flows/generated/gen.py', flowModule('gen'));
    write('flows/mine_local.py', flowModule('mine'));
    write('flows/keep_local.py', flowModule('keep'));
    write('flows/deep/only_here.py', flowModule('here'));
    write('flows/deep/sub/only_here.py', flowModule('there'));
    expect(await foundEntrypoints()).toEqual([
      'flows/deep/sub/only_here.py:there',
      'flows/keep_local.py:keep',
    ]);
  });

  it('honours .git/info/exclude of the repository', async () => {
    write('.git/info/exclude', 'flows/private.py\n');
    write('flows/private.py', flowModule('private'));
    write('flows/public.py', flowModule('public'));
    expect(await foundEntrypoints()).toEqual(['flows/public.py:public']);
  });

  it('applies exclude globs, relative to the scan root, to files and folders', async () => {
    write('flows/legacy/old.py', flowModule('old'));
    write('flows/tests/test_x.py', flowModule('test_x'));
    write('flows/a/test_y.py', flowModule('test_y'));
    write('flows/a/y.py', flowModule('y'));
    expect(await foundEntrypoints('flows', ['legacy', '**/test_*.py'])).toEqual(['flows/a/y.py:y']);
    expect(await foundEntrypoints('flows', ['./tests/**', 'a/**'])).toEqual(['flows/legacy/old.py:old']);
  });

  it('warns about a symbolic link loop and scans the rest', async () => {
    write('flows/a/real.py', flowModule('real'));
    symlinkSync(path.join(repo, 'flows'), path.join(repo, 'flows/a/loop'));
    symlinkSync('self', path.join(repo, 'flows/self'));
    const { flows, warnings } = await find();
    expect(flows.map((flow) => flow.entrypoint)).toEqual(['flows/a/real.py:real']);
    expect(warnings.map((warning) => warning.file)).toEqual(['a/loop', 'self']);
    expect(warnings[0]!.message).toMatch(/^Symbolic link loop/);
  });

  it('follows a linked folder outside the scan root, once', async () => {
    write('shared/common.py', flowModule('common'));
    write('flows/local.py', flowModule('local'));
    symlinkSync(path.join(repo, 'shared'), path.join(repo, 'flows/shared'));
    symlinkSync(path.join(repo, 'flows/local.py'), path.join(repo, 'flows/alias.py'));
    expect(await foundEntrypoints()).toEqual(['flows/local.py:local', 'flows/shared/common.py:common']);
  });

  it('warns about and skips a file that is not UTF-8', async () => {
    write(
      'flows/bad.py',
      Buffer.concat([Buffer.from('from prefect import flow\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    );
    write('flows/good.py', flowModule('good'));
    const { flows, warnings } = await find();
    expect(flows.map((flow) => flow.entrypoint)).toEqual(['flows/good.py:good']);
    expect(warnings).toEqual([
      {
        file: 'bad.py',
        message: expect.stringMatching(/^Skipped: It is not valid UTF-8/) as unknown as string,
      },
    ]);
  });

  it('reads CRLF files and a byte-order mark with the right line numbers', async () => {
    write('flows/crlf.py', `\ufeff${flowModule('crlf').replace(/\n/g, '\r\n')}`);
    const { flows } = await find();
    expect(flows.map((flow) => [flow.entrypoint, flow.line_number])).toEqual([['flows/crlf.py:crlf', 5]]);
  });

  it('warns about and skips a file over the size limit', async () => {
    write('flows/huge.py', flowModule('huge') + '#'.repeat(2048));
    write('flows/small.py', flowModule('small'));
    const { flows, warnings } = await find('flows', [], new PrefectFlowFinder({ maxFileBytes: 1024 }));
    expect(flows.map((flow) => flow.entrypoint)).toEqual(['flows/small.py:small']);
    expect(warnings).toEqual([
      { file: 'huge.py', message: 'Skipped: 2.1 KB is over the 1.0 KB limit for a Python source file.' },
    ]);
  });

  it('warns about a syntax error and keeps the flows it could read', async () => {
    write('flows/broken.py', `${flowModule('fine')}\ndef broken(:\n    pass\n`);
    const { flows, warnings } = await find();
    expect(flows.map((flow) => flow.entrypoint)).toEqual(['flows/broken.py:fine']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: 'broken.py', line: 8 });
  });

  it('warns once per name defined twice, naming both places', async () => {
    write('flows/a.py', flowModule('etl'));
    write('flows/b.py', 'from prefect import flow\n\n@flow(name="etl")\ndef other(): pass\n');
    const { flows, warnings } = await find();
    expect(flows).toHaveLength(2);
    expect(warnings).toEqual([
      {
        file: 'b.py',
        line: 4,
        message:
          'Flow name "etl" is defined 2 times (a.py:5, b.py:4); Prefect would treat them as one flow. Rename all but one with @flow(name=...).',
      },
    ]);
  });

  it('refuses a scan root that does not exist or lies outside the repository', async () => {
    await expect(find('missing')).rejects.toBeInstanceOf(NotFoundError);
    write('flows/x.py', '');
    const outside = new PrefectFlowFinder().findFlows({
      root: path.join(repo, 'flows'),
      repoRoot: path.join(repo, 'flows/sub'),
      exclude: [],
    });
    await expect(outside).rejects.toBeInstanceOf(ConfigurationError);
  });
});
