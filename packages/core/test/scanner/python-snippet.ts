// Test support for the scanner: Python snippets written indented inside TypeScript, and one
// fixed place in a repository to scan them as.
import { scanPythonSource } from '../../src/scanner/index.js';
import type { PythonSourceFile, ScanOptions, SourceScan } from '../../src/scanner/index.js';

/** Drops the first newline and the indentation common to all non-blank lines. */
export function python(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines
    .filter((line) => line.trim() !== '')
    .map((line) => line.length - line.trimStart().length);
  const margin = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(margin)).join('\n');
}

export const SNIPPET_FILE: PythonSourceFile = {
  relativeToRoot: 'sales/etl.py',
  relativeToRepo: 'src/sales/etl.py',
  absolute: '/repo/src/sales/etl.py',
  grouping: ['sales'],
};

export function scan(source: string, options?: ScanOptions): SourceScan {
  return scanPythonSource(source, SNIPPET_FILE, options);
}
