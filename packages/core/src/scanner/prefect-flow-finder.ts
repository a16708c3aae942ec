// The Prefect implementation of FlowFinder: walks the scan root, reads each Python file, parses
// only those that could define a flow, and returns the flows in a stable order.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, NotFoundError } from '../errors/portal-error.js';
import type { Flow, FlowScanResult, ScanWarning } from '../model/flow.js';
import type { FlowFinder, FlowFinderOptions } from '../model/operations.js';
import { duplicateFlowWarnings } from './duplicate-flows.js';
import { FileBytesReader } from './file-bytes.js';
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
  /**
   * Characters of parsed text kept for modules flows import classes from (RepositoryModules);
   * beyond it they are read again when needed. Tests set 0 to read again every time.
   */
  keptModuleCharacters?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
const YIELD_EVERY = 256;

function toPosix(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}

/** What one scan shares between the walk and the modules read for their classes. */
interface ScanState {
  root: string;
  repoRoot: string;
  reader: FileBytesReader;
  repository: RepositoryModules;
  stats: FlowScanResult['stats'];
  warnings: ScanWarning[];
  /** Files the walk has yet to reach. */
  pending: Set<string>;
  /** Flow modules read early for their classes, whose flows the walk will collect. */
  readEarly: Map<string, { scan: SourceScan; bytes: number }>;
}

export class PrefectFlowFinder implements FlowFinder {
  private readonly maxFileBytes: number;
  private readonly keptModuleCharacters: number | undefined;

  constructor(settings: PrefectFlowFinderSettings = {}) {
    this.maxFileBytes = settings.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.keptModuleCharacters = settings.keptModuleCharacters;
  }

  async findFlows(options: FlowFinderOptions): Promise<FlowScanResult> {
    const root = path.resolve(options.root);
    const repoRoot = path.resolve(options.repoRoot);
    await checkRoots(root, repoRoot);
    const warnings: ScanWarning[] = [];
    const files = await listPythonFiles({ root, repoRoot, exclude: options.exclude }, (warning) =>
      warnings.push(warning),
    );
    const flows: Flow[] = [];
    // Modules an annotation imports a class from are parsed when first named; a flow module
    // read that way early is not parsed again when the walk reaches it.
    const state: ScanState = {
      root,
      repoRoot,
      reader: new FileBytesReader(this.maxFileBytes),
      repository: new RepositoryModules({
        repoRoot,
        scanRoot: root,
        load: (absolute) => this.readForClasses(absolute, state),
        pythonFiles: files.map((file) => file.absolute),
        ...(this.keptModuleCharacters === undefined ? {} : { keptCharacters: this.keptModuleCharacters }),
      }),
      stats: { filesSeen: files.length, filesParsed: 0, bytesRead: 0 },
      warnings,
      pending: new Set(files.map((file) => file.absolute)),
      readEarly: new Map(),
    };

    for (const [index, file] of files.entries()) {
      // The scan is synchronous work; let timers and I/O callbacks run now and then.
      if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      state.pending.delete(file.absolute);
      try {
        const early = state.readEarly.get(file.absolute);
        if (early) {
          state.readEarly.delete(file.absolute);
          state.stats.filesParsed += 1;
          state.stats.bytesRead += early.bytes;
        }
        const scan = early?.scan ?? this.scanFile(file, state);
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
    return { flows, warnings, stats: state.stats };
  }

  private scanFile(file: PythonFileEntry, state: ScanState): SourceScan | undefined {
    const read = state.reader.read(file.absolute);
    if (!read.ok) {
      state.warnings.push({
        file: file.relativeToRoot,
        message: `Skipped: ${formatSize(read.size)} is over the ${formatSize(this.maxFileBytes)} limit for a Python source file.`,
      });
      return undefined;
    }
    state.stats.bytesRead += read.bytes.byteLength;
    if (!mayDefineFlow(read.bytes)) return undefined;
    const decoded = decodePythonSource(read.bytes);
    if (!decoded.ok) {
      state.warnings.push({ file: file.relativeToRoot, message: `Skipped: ${decoded.reason}` });
      return undefined;
    }
    state.stats.filesParsed += 1;
    return scanPythonSource(decoded.text, sourceFile(file.absolute, file.relativeToRoot, state.repoRoot), {
      repository: state.repository,
    });
  }

  /**
   * A module read for its classes (for the first time, or again after the repository put it
   * aside); one that cannot be read just resolves nothing.
   */
  private readForClasses(absolute: string, state: ScanState): ModuleSymbols | undefined {
    try {
      const read = state.reader.read(absolute);
      if (!read.ok) return undefined;
      const bytes = read.bytes.byteLength;
      const holdsFlows = mayDefineFlow(read.bytes);
      const decoded = decodePythonSource(read.bytes);
      if (!decoded.ok) return undefined;
      const relativeToRoot = toPosix(path.relative(state.root, absolute));
      const { symbols, ...scan } = readModuleSymbols(
        decoded.text,
        sourceFile(absolute, relativeToRoot, state.repoRoot),
        state.repository,
      );
      if (holdsFlows && state.pending.has(absolute)) state.readEarly.set(absolute, { scan, bytes });
      return symbols;
    } catch {
      return undefined;
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
