// The Prefect implementation of FlowFinder: walks the scan root, reads each Python file, parses
// only those that could define a flow, and returns the flows in a stable order.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, NotFoundError } from '../errors/portal-error.js';
import type { Flow, FlowScanResult, ScanWarning } from '../model/flow.js';
import type { FlowFinder, FlowFinderOptions } from '../model/operations.js';
import { duplicateFlowWarnings } from './duplicate-flows.js';
import { RepositoryModules } from './module-symbols.js';
import type { ModuleSymbols } from './module-symbols.js';
import { readModuleSymbols, scanPythonSource } from './python-source.js';
import type { PythonSourceFile, SourceScan } from './python-source.js';
import { decodePythonSource, mayDefineFlow } from './source-file.js';
import { compareText, listPythonFiles } from './source-tree.js';
import type { PythonFileEntry } from './source-tree.js';

export interface PrefectFlowFinderSettings {
  /** Files larger than this are skipped with a warning (generated code, data dumps). */
  maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
const YIELD_EVERY = 256;

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

export class PrefectFlowFinder implements FlowFinder {
  private readonly maxFileBytes: number;

  constructor(settings: PrefectFlowFinderSettings = {}) {
    this.maxFileBytes = settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  async findFlows(options: FlowFinderOptions): Promise<FlowScanResult> {
    const root = path.resolve(options.root);
    const repoRoot = path.resolve(options.repoRoot);
    await checkRoots(root, repoRoot);
    const warnings: ScanWarning[] = [];
    const files = await listPythonFiles({ root, repoRoot, exclude: options.exclude }, (warning) =>
      warnings.push(warning),
    );
    const stats = { filesSeen: files.length, filesParsed: 0, bytesRead: 0 };
    const flows: Flow[] = [];
    // Modules an annotation imports a class from are parsed once per scan, when first named;
    // a flow module loaded that way early is not parsed again when the walk reaches it.
    const loaded = new Map<string, { scan: SourceScan; bytes: number }>();
    const repository: RepositoryModules = new RepositoryModules({
      repoRoot,
      scanRoot: root,
      load: (absolute) => this.loadModule(absolute, root, repoRoot, repository, loaded),
      pythonFiles: files.map((file) => file.absolute),
    });

    for (const [index, file] of files.entries()) {
      // The scan is synchronous work; let timers and I/O callbacks run now and then.
      if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      try {
        const early = loaded.get(file.absolute);
        if (early) {
          stats.filesParsed += 1;
          stats.bytesRead += early.bytes;
        }
        const scan = early?.scan ?? this.scanFile(file, repoRoot, stats, warnings, repository);
        if (scan) {
          flows.push(...scan.flows);
          warnings.push(...scan.warnings);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        warnings.push({ file: file.relativeToRoot, message: `Could not scan this file: ${message}` });
      }
    }

    flows.sort((a, b) => compareText(a.source_relative, b.source_relative) || a.line_number - b.line_number);
    warnings.push(...duplicateFlowWarnings(flows));
    warnings.sort(
      (a, b) =>
        compareText(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareText(a.message, b.message),
    );
    return { flows, warnings, stats };
  }

  private scanFile(
    file: PythonFileEntry,
    repoRoot: string,
    stats: FlowScanResult['stats'],
    warnings: ScanWarning[],
    repository: RepositoryModules,
  ): SourceScan | undefined {
    const bytes = this.read(file, warnings);
    if (!bytes) return undefined;
    stats.bytesRead += bytes.byteLength;
    if (!mayDefineFlow(bytes)) return undefined;
    const decoded = decodePythonSource(bytes);
    if (!decoded.ok) {
      warnings.push({ file: file.relativeToRoot, message: `Skipped: ${decoded.reason}` });
      return undefined;
    }
    stats.filesParsed += 1;
    return scanPythonSource(decoded.text, sourceFile(file.absolute, file.relativeToRoot, repoRoot), {
      repository,
    });
  }

  /** A module read for its classes only; one that cannot be read just resolves nothing. */
  private loadModule(
    absolute: string,
    root: string,
    repoRoot: string,
    repository: RepositoryModules,
    loaded: Map<string, { scan: SourceScan; bytes: number }>,
  ): ModuleSymbols | undefined {
    try {
      const bytes = this.read({ absolute, relativeToRoot: toPosix(path.relative(root, absolute)) }, []);
      const decoded = bytes ? decodePythonSource(bytes) : undefined;
      if (!decoded?.ok) return undefined;
      const file = sourceFile(absolute, toPosix(path.relative(root, absolute)), repoRoot);
      const scan = readModuleSymbols(decoded.text, file, repository);
      if (bytes && mayDefineFlow(bytes)) loaded.set(absolute, { scan, bytes: bytes.byteLength });
      return repository.moduleAt(absolute);
    } catch {
      return undefined;
    }
  }

  /**
   * The file's bytes, or undefined (with a warning) when it is too large. Synchronous on
   * purpose: for many small files it costs a third of the promise API, and the scan is
   * CPU-bound on this thread anyway.
   */
  private read(file: PythonFileEntry, warnings: ScanWarning[]): Buffer | undefined {
    const descriptor = openSync(file.absolute, 'r');
    try {
      const { size } = fstatSync(descriptor);
      if (size > this.maxFileBytes) {
        warnings.push({
          file: file.relativeToRoot,
          message: `Skipped: ${formatSize(size)} is over the ${formatSize(this.maxFileBytes)} limit for a Python source file.`,
        });
        return undefined;
      }
      const buffer = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const bytesRead = readSync(descriptor, buffer, filled, size - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === size ? buffer : buffer.subarray(0, filled);
    } finally {
      closeSync(descriptor);
    }
  }
}

function sourceFile(absolute: string, relativeToRoot: string, repoRoot: string): PythonSourceFile {
  return {
    relativeToRoot,
    relativeToRepo: toPosix(path.relative(repoRoot, absolute)),
    absolute,
    grouping: relativeToRoot.split('/').slice(0, -1),
  };
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${(bytes / 1024).toFixed(1)} KB`;
}

async function checkRoots(root: string, repoRoot: string): Promise<void> {
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw new NotFoundError(`The folder to scan for flows, ${root}, does not exist or is not a folder.`, {
      hint: 'Point the scan root at a folder of the repository that holds Python files.',
    });
  }
  const relative = path.relative(repoRoot, root);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ConfigurationError(`The scan root ${root} is outside the repository root ${repoRoot}.`, {
      hint: 'Entrypoints are written relative to the repository root; scan a folder inside it.',
    });
  }
}
