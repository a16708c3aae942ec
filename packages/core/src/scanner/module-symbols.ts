// What one module of the repository defines (its names and top-level classes), and where to find
// the module behind an import, so a parameter typed with a class from a sibling module is rendered.
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
}

/** A folder holding one of these is a Python project, installed where its flows run. */
const PROJECT_FILES = ['pyproject.toml', 'setup.py', 'setup.cfg'];

/** Re-exports followed through `__init__` files and the like: deeper than this is a cycle. */
const MAX_HOPS = 8;

/**
 * Every module one scan has read, each parsed once: the modules scanned for flows register
 * themselves, others are loaded when an annotation first names one of their classes.
 */
export class RepositoryModules implements RepositoryClasses {
  private readonly byModule = new Map<string, ModuleSymbols>();
  private readonly byFile = new Map<string, ModuleSymbols | null>();
  private projectBases: string[] | undefined;

  constructor(private readonly options: RepositoryModulesOptions = {}) {}

  register(symbols: ModuleSymbols): void {
    this.byModule.set(symbols.module, symbols);
    this.byFile.set(symbols.file, symbols);
  }

  /** The module registered for a file, if it was read. */
  moduleAt(absolute: string): ModuleSymbols | undefined {
    return this.byFile.get(absolute) ?? undefined;
  }

  findClass(qualified: string, from: ModuleSymbols): FoundClass | undefined {
    const found = this.follow(qualified, from, 0);
    const node = found?.module.classes.get(found.name);
    return found && node ? { node, module: found.module } : undefined;
  }

  findConstant(qualified: string, from: ModuleSymbols): FoundConstant | undefined {
    const found = this.follow(qualified, from, 0);
    const constant = found?.module.scope.constant(found.name);
    return found && constant ? { ...constant, module: found.module } : undefined;
  }

  /**
   * The module that defines a name, following re-exports (`from .models import Config` in a
   * package's __init__, then `from pkg import Config`).
   */
  private follow(
    qualified: string,
    from: ModuleSymbols,
    hops: number,
  ): { module: ModuleSymbols; name: string } | undefined {
    if (hops > MAX_HOPS) return undefined;
    const local = qualified.startsWith(REPOSITORY_MARK);
    const parts = (local ? qualified.slice(REPOSITORY_MARK.length) : qualified).split('.');
    const name = parts.pop();
    if (name === undefined || parts.length === 0) return undefined;
    const module = this.module(parts, local, from);
    if (!module) return undefined;
    const binding = module.scope.names.get(name);
    if (typeof binding === 'string' && !module.classes.has(name))
      return this.follow(binding, module, hops + 1);
    return { module, name };
  }

  private module(parts: string[], local: boolean, from: ModuleSymbols): ModuleSymbols | undefined {
    const dotted = parts.join('.');
    if (local) {
      const known = this.byModule.get(dotted);
      if (known) return known;
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
    const candidates = new Set<ModuleSymbols>();
    for (const base of this.projects(scanRoot)) {
      const symbols = this.firstModule([base], parts, scanRoot);
      if (symbols) candidates.add(symbols);
    }
    return candidates.size === 1 ? [...candidates][0] : undefined;
  }

  private firstModule(bases: string[], parts: string[], scanRoot: string): ModuleSymbols | undefined {
    for (const base of bases) {
      for (const file of [path.join(base, ...parts) + '.py', path.join(base, ...parts, '__init__.py')]) {
        const relative = path.relative(scanRoot, file);
        if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
        const symbols = this.file(file);
        if (symbols) return symbols;
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

  private file(absolute: string): ModuleSymbols | undefined {
    const known = this.byFile.get(absolute);
    if (known !== undefined) return known ?? undefined;
    // Marked before loading, so an import cycle ends here instead of recursing.
    this.byFile.set(absolute, null);
    if (!this.options.load || !existsSync(absolute)) return undefined;
    return this.options.load(absolute);
  }
}
