// The core library's modules form layers: no module imports, directly or through others, a
// module that imports it back (a circle makes load order matter and hides which idea is below).
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const absolute = path.join(folder, entry);
    if (statSync(absolute).isDirectory()) return sourceFiles(absolute);
    return entry.endsWith('.ts') ? [absolute] : [];
  });
}

/** The modules of the library a file imports or re-exports, type-only imports included. */
function localImports(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
  return importedFiles
    .map(({ fileName }) => fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const target = path.resolve(path.dirname(file), specifier.replace(/\.js$/, ''));
      return target.endsWith('.ts') ? target : (statSafe(`${target}.ts`) ?? path.join(target, 'index.ts'));
    });
}

function statSafe(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Every circle of imports, each as the chain of files that closes it. */
function importCircles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((file) => [file, localImports(file)]));
  const state = new Map<string, 'open' | 'done'>();
  const circles: string[][] = [];
  const visit = (file: string, chain: string[]): void => {
    state.set(file, 'open');
    chain.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') circles.push([...chain.slice(chain.indexOf(next)), next]);
      else if (!state.has(next)) visit(next, chain);
    }
    chain.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file, []);
  return circles.map((circle) => circle.map((file) => path.relative(SOURCE_ROOT, file)));
}

describe('the import graph of packages/core/src', () => {
  it('has no circles', () => {
    expect(importCircles(sourceFiles(SOURCE_ROOT))).toEqual([]);
  });
});
