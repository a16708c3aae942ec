// What one module of the repository defines (its names and top-level classes), and where to find
// the module behind an import, so a parameter typed with a class from a sibling module is
// rendered; what a scan keeps of each module it read, and for how long.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SyntaxNode } from '@lezer/common';
import { REPOSITORY_MARK } from './binding.js';
import type { NameScope } from './name-scope.js';

export interface ModuleSymbols {
  /** Dotted path from the repository root: `flows.models`. */
  module: string;
  /** Absolute path of the file. */
  file: string;
  /** The text the syntax nodes point into (after body pruning). */
  source: string;
  /** The module's names, as they stand once it has been read. */
  scope: NameScope;
  /** Classes defined at module level, by name. */
  classes: Map<string, SyntaxNode>;
}

export interface FoundClass {
  node: SyntaxNode;
  module: ModuleSymbols;
}

export interface FoundConstant {
  value: SyntaxNode;
  scope: NameScope;
  module: ModuleSymbols;
}

export interface RepositoryClasses {
  /** The class a qualified name (`~pkg.models.Config`, `pkg.models.Config`) stands for, if in the repository. */
  findClass(qualified: string, from: ModuleSymbols): FoundClass | undefined;
  /** The value of a module constant of the repository (a type alias), bound once there. */
  findConstant(qualified: string, from: ModuleSymbols): FoundConstant | undefined;
}

export interface RepositoryModulesOptions {
  /** Absolute repository root: module paths are dotted from it. */
  repoRoot?: string;
  /** Absolute scan root: modules outside it are not read. */
  scanRoot?: string;
  /** Reads and parses a module file; undefined when it cannot be read. */
  load?: (absolute: string) => ModuleSymbols | undefined;
  /** Absolute paths of the Python files under the scan root: their folders locate its projects. */
  pythonFiles?: readonly string[];
  /** Characters of parsed text kept for modules already read (see RepositoryModules). */
  keptCharacters?: number;
}

/** A folder holding one of these is a Python project, installed where its flows run. */
const PROJECT_FILES = ['pyproject.toml', 'setup.py', 'setup.cfg'];

/** Re-exports followed through `__init__` files and the like: deeper than this is a cycle. */
const MAX_HOPS = 8;

/**
 * About 1.3 MB of text and syntax trees (a parsed module holds some 5 bytes per character of
 * pruned text): the last few dozen modules flows asked for, enough for a folder's flows to
 * share the models module they import without reading it again.
 */
const KEPT_CHARACTERS = 1 << 18;

/** How a name of a module outline is bound: to a qualified name (an import), or as a class or constant. */
type OutlineName = string | typeof CLASS | typeof CONSTANT;
const CLASS = 0;
const CONSTANT = 1;

/**
 * What is kept of a module flows asked for, once read: the names it imports, which of its names
 * are classes or constants, never its text or syntax tree. Enough to follow imports and
 * re-exports; the module is read again if a flow needs one of its classes after it was put
 * aside.
 */
interface ModuleOutline {
  file: string;
  /** Names bound to a qualified name (imports and aliases of them), classes and constants. */
  names: ReadonlyMap<string, OutlineName>;
  /** Whether constants are listed: not while the module is being read (ask its scope). */
  settled: boolean;
}

/**
 * The outline of a module. Once it is read, structuredClone copies the names: a name sliced
 * from the module's text would otherwise keep the whole text alive (V8 slices strings of 13
 * characters or more).
 */
function outlineOf(symbols: ModuleSymbols, settled: boolean): ModuleOutline {
  const names = new Map<string, OutlineName>();
  for (const [name, binding] of symbols.scope.names) {
    if (symbols.classes.has(name)) names.set(name, CLASS);
    else if (typeof binding === 'string') names.set(name, binding);
    else if (settled && symbols.scope.constant(name)) names.set(name, CONSTANT);
  }
  return { file: symbols.file, names: settled ? structuredClone(names) : names, settled };
}

/**
 * The modules of one scan that flows need. A module needs itself whole (text, syntax tree,
 * scope) while it is read, for its own flows; afterwards nothing of it is kept unless a flow's
 * annotation asked for it (a class, an alias, a constant it defines or re-exports). Of those,
 * the outline is kept for the rest of the scan, and the whole module among the recent ones
 * until `keptCharacters` of newer text push it out; a module put aside is read again when a
 * flow needs it. So memory follows what the flows reference, not the size of the tree.
 */
export class RepositoryModules implements RepositoryClasses {
  /** Modules being read now: one, or a few while a flow's annotation reads another module. */
  private readonly reading = new Map<string, ModuleSymbols>();
  /** Whole modules read lately, by file, least recently used first. */
  private readonly recent = new Map<string, ModuleSymbols>();
  private recentCharacters = 0;
  /** Modules flows asked for, by file; null for a file that could not be read. */
  private readonly outlines = new Map<string, ModuleOutline | null>();
  /** Files a flow's annotation asked for. */
  private readonly asked = new Set<string>();
  /** The file of each module being read or asked for, by dotted module path. */
  private readonly fileOfModule = new Map<string, string>();
  private readonly keptCharacters: number;
  private projectBases: string[] | undefined;

  constructor(private readonly options: RepositoryModulesOptions = {}) {
    this.keptCharacters = options.keptCharacters ?? KEPT_CHARACTERS;
  }

  /** A module starts being read: until `settle`, lookups see its names as they stand. */
  register(symbols: ModuleSymbols): void {
    this.reading.set(symbols.file, symbols);
    this.fileOfModule.set(symbols.module, symbols.file);
  }

  /**
   * A module has been read. If a flow's annotation asked for it, its outline is kept, and the
   * whole module among the recent ones; a module scanned only for its own flows is let go (it
   * is rarely asked for later, and would only age into garbage for the old generation).
   */
  settle(symbols: ModuleSymbols): void {
    this.reading.delete(symbols.file);
    if (!this.asked.has(symbols.file)) {
      this.fileOfModule.delete(symbols.module);
      return;
    }
    this.outlines.set(symbols.file, outlineOf(symbols, true));
    const previous = this.recent.get(symbols.file);
    if (previous) {
      this.recent.delete(symbols.file);
      this.recentCharacters -= previous.source.length;
    }
    this.recent.set(symbols.file, symbols);
    this.recentCharacters += symbols.source.length;
    // The module just read always stays: its reader may be about to use it.
    for (const [file, old] of this.recent) {
      if (this.recentCharacters <= this.keptCharacters || old === symbols) break;
      this.recent.delete(file);
      this.recentCharacters -= old.source.length;
    }
  }

  findClass(qualified: string, from: ModuleSymbols): FoundClass | undefined {
    const found = this.follow(qualified, from, 0);
    if (!found || found.outline.names.get(found.name) !== CLASS) return undefined;
    const module = this.whole(found.outline.file);
    const node = module?.classes.get(found.name);
    return module && node ? { node, module } : undefined;
  }

  findConstant(qualified: string, from: ModuleSymbols): FoundConstant | undefined {
    const found = this.follow(qualified, from, 0);
    if (!found || (found.outline.settled && found.outline.names.get(found.name) !== CONSTANT))
      return undefined;
    const module = this.whole(found.outline.file);
    const constant = module?.scope.constant(found.name);
    return module && constant ? { ...constant, module } : undefined;
  }

  /**
   * The module that defines a name, following re-exports (`from .models import Config` in a
   * package's __init__, then `from pkg import Config`).
   */
  private follow(
    qualified: string,
    from: { file: string },
    hops: number,
  ): { outline: ModuleOutline; name: string } | undefined {
    if (hops > MAX_HOPS) return undefined;
    const local = qualified.startsWith(REPOSITORY_MARK);
    const parts = (local ? qualified.slice(REPOSITORY_MARK.length) : qualified).split('.');
    const name = parts.pop();
    if (name === undefined || parts.length === 0) return undefined;
    const outline = this.module(parts, local, from);
    if (!outline) return undefined;
    const binding = outline.names.get(name);
    if (typeof binding === 'string') return this.follow(binding, outline, hops + 1);
    return { outline, name };
  }

  /** A module read before or being read, whole: read again if it was put aside. */
  private whole(file: string): ModuleSymbols | undefined {
    const reading = this.reading.get(file);
    if (reading) return reading;
    const recent = this.recent.get(file);
    if (recent) {
      this.recent.delete(file);
      this.recent.set(file, recent);
      return recent;
    }
    if (!this.outlines.get(file) || !this.options.load) return undefined;
    return this.options.load(file);
  }

  /** The outline of the module in a file, reading the file the first time it is asked for. */
  private outline(file: string): ModuleOutline | undefined {
    const whole = this.reading.get(file) ?? this.recent.get(file);
    if (whole) return this.reading.has(file) ? outlineOf(whole, false) : this.outlines.get(file)!;
    const known = this.outlines.get(file);
    if (known !== undefined) return known ?? undefined;
    // Marked before loading, so an import cycle ends here instead of recursing.
    this.outlines.set(file, null);
    if (!this.options.load || !existsSync(file)) return undefined;
    this.asked.add(file);
    const loaded = this.options.load(file);
    return loaded ? (this.outlines.get(file) ?? undefined) : undefined;
  }

  private module(parts: string[], local: boolean, from: { file: string }): ModuleOutline | undefined {
    const dotted = parts.join('.');
    if (local) {
      const known = this.fileOfModule.get(dotted);
      const outline = known === undefined ? undefined : this.outline(known);
      if (outline) return outline;
    }
    const { repoRoot, scanRoot } = this.options;
    if (!repoRoot || !scanRoot) return undefined;
    // Python finds an absolute import on sys.path: the flow file's folder (Prefect puts it
    // there when it loads an entrypoint), the working directory (the repository root), and
    // the scan root when flows live in a source folder.
    const bases = local ? [repoRoot] : [path.dirname(from.file), repoRoot, scanRoot];
    const found = this.firstModule(bases, parts, scanRoot);
    if (found || local) return found;
    // Then the repository's own installed projects (`pip install -e .`, a uv workspace member):
    // site-packages finds their packages at the project folder or in its `src/`. A name two
    // projects both define is left unknown rather than guessed.
    const candidates = new Map<string, ModuleOutline>();
    for (const base of this.projects(scanRoot)) {
      const outline = this.firstModule([base], parts, scanRoot);
      if (outline) candidates.set(outline.file, outline);
    }
    return candidates.size === 1 ? [...candidates.values()][0] : undefined;
  }

  private firstModule(bases: string[], parts: string[], scanRoot: string): ModuleOutline | undefined {
    for (const base of bases) {
      for (const file of [path.join(base, ...parts) + '.py', path.join(base, ...parts, '__init__.py')]) {
        const relative = path.relative(scanRoot, file);
        if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
        const outline = this.outline(file);
        if (outline) return outline;
      }
    }
    return undefined;
  }

  /** Import bases of the projects in the scan root: each project folder, and its `src/`. */
  private projects(scanRoot: string): string[] {
    if (this.projectBases) return this.projectBases;
    const folders = new Set<string>();
    for (const file of this.options.pythonFiles ?? []) {
      for (let folder = path.dirname(file); !folders.has(folder); folder = path.dirname(folder)) {
        const relative = path.relative(scanRoot, folder);
        if (relative.startsWith('..') || path.isAbsolute(relative)) break;
        folders.add(folder);
      }
    }
    const projects = [...folders]
      .filter((folder) => PROJECT_FILES.some((name) => existsSync(path.join(folder, name))))
      .sort();
    this.projectBases = projects.flatMap((folder) => [folder, path.join(folder, 'src')]);
    return this.projectBases;
  }
}
