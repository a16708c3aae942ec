// What each name in a Python scope refers to, followed statement by statement, so `@f` is
// known to be Prefect's flow only when `f` is bound to it (an import or alias) at that point,
// and which names are constants (bound once, to one expression) a flow's name can be read from.
import type { SyntaxNode } from '@lezer/common';
import { isImported } from './binding.js';
import type { Binding } from './binding.js';

export type ScopeKind = 'module' | 'class' | 'function';

/** The names a star import binds, for the modules whose star exports matter here. */
const STAR_EXPORTS: Record<string, readonly string[]> = {
  prefect: ['flow', 'task', 'Flow', 'Task'],
  'prefect.flows': ['flow', 'Flow'],
  'prefect.main': ['flow', 'task', 'Flow', 'Task'],
  typing: [
    'AbstractSet',
    'Annotated',
    'Any',
    'AsyncGenerator',
    'AsyncIterator',
    'Awaitable',
    'Callable',
    'Collection',
    'Coroutine',
    'Dict',
    'FrozenSet',
    'Generator',
    'Iterable',
    'Iterator',
    'List',
    'Literal',
    'Mapping',
    'MutableMapping',
    'MutableSequence',
    'MutableSet',
    'Optional',
    'Sequence',
    'Set',
    'Tuple',
    'Type',
    'Union',
    'TypedDict',
    'ClassVar',
    'NotRequired',
    'Required',
    'TypeAlias',
    'TYPE_CHECKING',
  ],
};

export class NameScope {
  /** Replaced wholesale while the branches of an `if` or `try` are followed one by one. */
  names = new Map<string, Binding>();

  /** How often each name is bound in this scope, over every path through it. */
  private readonly bindCounts = new Map<string, number>();
  /** The value of each `NAME = value` seen in this scope (the last one). */
  private readonly assignedValues = new Map<string, SyntaxNode>();

  constructor(
    readonly kind: ScopeKind,
    readonly parent: NameScope | undefined,
  ) {}

  /** Names bound only under `if TYPE_CHECKING:`: a type checker sees them, Python never does. */
  private readonly typeCheckingOnly = new Set<string>();

  bind(name: string, binding: Binding): void {
    this.typeCheckingOnly.delete(name);
    this.names.set(name, binding);
    this.bindCounts.set(name, (this.bindCounts.get(name) ?? 0) + 1);
  }

  /** `name = value`, a plain assignment; the binding itself is made with `bind`. */
  recordAssignment(name: string, value: SyntaxNode): void {
    this.assignedValues.set(name, value);
  }

  /**
   * The expression a name stands for when the scope that decides it (Python's lookup rules)
   * binds it exactly once, by a plain assignment; meant to be asked once the whole module
   * has been read, so a later rebinding counts.
   */
  constant(name: string): { value: SyntaxNode; scope: NameScope } | undefined {
    const deciding = this.decidingScope(name);
    if (!deciding || deciding.bindCounts.get(name) !== 1) return undefined;
    const value = deciding.assignedValues.get(name);
    return value ? { value, scope: deciding } : undefined;
  }

  private decidingScope(name: string): NameScope | undefined {
    if (this.bindCounts.has(name)) return this;
    for (let scope = this.parent; scope; scope = scope.parent) {
      if (scope.kind !== 'class' && scope.bindCounts.has(name)) return scope;
    }
    return undefined;
  }

  /**
   * Python's lookup: this scope, then the enclosing function and module scopes (class bodies
   * are not visible from inside their methods or nested classes), then the builtins.
   */
  lookup(name: string): Binding {
    const own = this.names.get(name);
    if (own !== undefined) return own;
    for (let scope = this.parent; scope; scope = scope.parent) {
      if (scope.kind === 'class') continue;
      const found = scope.names.get(name);
      if (found !== undefined) return found;
    }
    return `builtins.${name}`;
  }

  markTypeCheckingOnly(name: string): void {
    this.typeCheckingOnly.add(name);
  }

  /** Whether the binding `lookup` finds for a name exists only for type checkers. */
  boundForTypeCheckingOnly(name: string): boolean {
    if (this.names.has(name)) return this.typeCheckingOnly.has(name);
    for (let scope = this.parent; scope; scope = scope.parent) {
      if (scope.kind !== 'class' && scope.names.has(name)) return scope.typeCheckingOnly.has(name);
    }
    return false;
  }

  /** `pf.flows.flow` -> `prefect.flows.flow` when `pf` is bound to `prefect`. */
  resolve(dotted: readonly string[]): Binding {
    const [head, ...rest] = dotted;
    if (head === undefined) return null;
    const base = this.lookup(head);
    if (base === null) return null;
    return rest.length === 0 ? base : `${base}.${rest.join('.')}`;
  }

  /** `import a.b.c` binds `a`; `import a.b.c as x` binds `x` to `a.b.c`. */
  bindImport(modulePath: readonly string[], alias: string | undefined): void {
    if (alias !== undefined) this.bind(alias, modulePath.join('.'));
    else if (modulePath[0] !== undefined) this.bind(modulePath[0], modulePath[0]);
  }

  /**
   * `from m import name as alias`. A relative import (`from .m import flow`) binds a name this
   * scanner cannot see through: the name is treated as the module's own.
   */
  bindFromImport(module: string | undefined, name: string, alias: string | undefined): void {
    if (name === '*') {
      for (const exported of module === undefined ? [] : (STAR_EXPORTS[module] ?? [])) {
        this.bind(exported, `${module}.${exported}`);
      }
      return;
    }
    this.bind(alias ?? name, module === undefined ? null : `${module}.${name}`);
  }

  /**
   * Follows alternatives (the branches of an `if`, the paths through a `try`) each from the
   * same starting names, then merges them: a name that some path binds to a known thing keeps
   * the last such meaning in source order (so `try: from prefect import flow / except
   * ImportError: flow = None` still means Prefect's flow); otherwise it is unknown.
   */
  followAlternatives(paths: readonly (() => void)[]): void {
    const start = this.names;
    const outcomes: Map<string, Binding>[] = [];
    for (const path of paths) {
      this.names = new Map(start);
      path();
      outcomes.push(this.names);
    }
    const merged = new Map(start);
    const changed = new Set<string>();
    for (const outcome of outcomes) {
      for (const [name, binding] of outcome)
        if (start.get(name) !== binding || !start.has(name)) changed.add(name);
    }
    for (const name of changed) {
      let result: Binding | undefined;
      for (const outcome of outcomes) {
        const binding = outcome.get(name);
        if (binding === undefined) continue;
        if (isImported(binding)) result = binding;
        else if (result === undefined || result === null) result = binding;
      }
      if (result !== undefined) merged.set(name, result);
    }
    this.names = merged;
  }
}
