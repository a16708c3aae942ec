// Finds the Prefect flows in one Python module's source: parses it with @lezer/python, follows
// what each name is bound to, and describes every function decorated with Prefect's `flow`.
import type { SyntaxNode, Tree } from '@lezer/common';
import type { Flow, ScanWarning } from '../model/flow.js';
import { normaliseFlowName } from '../naming/flow-name.js';
import { pruneFunctionBodies } from './body-pruning.js';
import type { PrunedSource } from './body-pruning.js';
import { cleanDocstring, googleParameterDescriptions } from './docstring.js';
import { DefinitionsCollector } from './class-schema.js';
import { SYNTAX_ERROR, checkModuleSyntax } from './import-check.js';
import { REPOSITORY_MARK } from './binding.js';
import { RepositoryModules } from './module-symbols.js';
import type { ModuleSymbols } from './module-symbols.js';
import { NameScope } from './name-scope.js';
import { parsePythonModule } from './python-parser.js';
import { acceptsAnyParameters, parameterSchema, readParameters } from './parameter-schema.js';
import { defaultWarning } from './default-remarks.js';
import { staticString } from './static-string.js';
import { childNodes, dottedName, meaningfulChildren, nodeText, stringValue } from './syntax-tree.js';

/** Where a module sits: the paths a Flow reports, computed once by the caller. */
export interface PythonSourceFile {
  /** Relative to the scan root, `/` separators. */
  relativeToRoot: string;
  /** Relative to the repository root, `/` separators: entrypoints and module paths use it. */
  relativeToRepo: string;
  absolute: string;
  /** Folders from the scan root down to the file. */
  grouping: string[];
}

export interface SourceScan {
  flows: Flow[];
  warnings: ScanWarning[];
}

/** The qualified names under which Prefect exports its flow decorator. */
const FLOW_DECORATORS = new Set(['prefect.flow', 'prefect.flows.flow', 'prefect.main.flow']);

/** Characters Prefect refuses in flow names (`_raise_on_name_with_banned_characters`). */
const BANNED_NAME_CHARACTERS = /[/%&<>]/;

/** The dotted module path of a file relative to the repository root: `pkg/__init__.py` -> `pkg`. */
export function moduleName(relativeToRepo: string): string {
  const withoutSuffix = relativeToRepo.replace(/\.py$/, '');
  const packagePath = withoutSuffix === '__init__' ? '' : withoutSuffix.replace(/\/__init__$/, '');
  return packagePath.split('/').join('.');
}

export interface ScanOptions {
  /**
   * The modules of this scan, to render parameters typed with classes from other modules of
   * the repository; without it, only the module's own classes are.
   */
  repository?: RepositoryModules;
  /**
   * Cut function bodies that hold no decorator before parsing (see body-pruning.ts). On by
   * default; the result is the same either way, only slower without it.
   */
  pruneBodies?: boolean;
}

/**
 * Scans one module. Pure: the same source and paths always give the same flows and warnings.
 * Newlines may be LF, CRLF or CR; a leading byte-order mark is ignored.
 */
export function scanPythonSource(
  source: string,
  file: PythonSourceFile,
  options: ScanOptions = {},
): SourceScan {
  return moduleReader(source, file, options).read();
}

function moduleReader(source: string, file: PythonSourceFile, options: ScanOptions): ModuleReader {
  let text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  // Python reads CRLF and lone CR as one line break each; so do line numbers here.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  // Pruning may cut a NUL out of a body; Python refuses it anywhere.
  const nul = text.indexOf('\0');
  const pruned: PrunedSource = pruneFunctionBodies(text, options.pruneBodies !== false);
  const repository = options.repository ?? new RepositoryModules();
  const hidden: HiddenProblem[] = [];
  if (nul >= 0) hidden.push({ line: lineAt(text, nul), what: 'a NUL byte' });
  if (pruned.python2PrintLine !== undefined)
    hidden.push({ line: pruned.python2PrintLine, what: 'a Python 2 print statement' });
  return new ModuleReader(pruned, file, hidden, repository);
}

/**
 * Reads a module a flow's annotation imports from: it registers its classes and names with
 * `repository`, and its own flows come back as for any scan.
 */
export function readModuleSymbols(
  source: string,
  file: PythonSourceFile,
  repository: RepositoryModules,
): SourceScan & { symbols: ModuleSymbols } {
  const reader = moduleReader(source, file, { repository });
  return { ...reader.read(), symbols: reader.symbols };
}

/** Why Python would refuse the module, found before parsing: a NUL byte, code in a pruned body. */
interface HiddenProblem {
  line: number;
  what: string;
}

interface Placement {
  /** Qualified-name parts of the enclosing class or function: `["Pipelines"]`, `["make", "<locals>"]`. */
  path: string[];
  /** Inside a function body: Prefect cannot import such a flow by entrypoint. */
  inFunction: boolean;
}

class ModuleReader {
  private readonly flows: Flow[] = [];
  private readonly warnings: ScanWarning[] = [];
  /** Function bodies run after the code around them, so they are read once it is done. */
  private readonly deferredBodies: (() => void)[] = [];
  /** Names and descriptions are read once every constant of the module is known. */
  private readonly deferredNames: (() => void)[] = [];
  private lineStarts: number[] | undefined;
  private readonly module: string;
  private readonly source: string;
  private readonly moduleScope = new NameScope('module', undefined);
  readonly symbols: ModuleSymbols;

  constructor(
    private readonly pruned: PrunedSource,
    private readonly file: PythonSourceFile,
    /** Problems found in the text before pruning, which the parser does not see. */
    private readonly hidden: HiddenProblem[],
    private readonly repository: RepositoryModules,
  ) {
    this.source = pruned.text;
    this.module = moduleName(file.relativeToRepo);
    this.symbols = {
      module: this.module,
      file: file.absolute,
      source: this.source,
      scope: this.moduleScope,
      classes: new Map(),
    };
    repository.register(this.symbols);
  }

  read(): SourceScan {
    let importError: string | undefined;
    try {
      const { tree, tooDeep } = parsePythonModule(this.source);
      importError = this.importError(tree, tooDeep);
      this.readBlock(tree.topNode, this.moduleScope, { path: [], inFunction: false });
      // Reading a body may queue more (functions nested in it): run until none is left.
      for (let i = 0; i < this.deferredBodies.length; i += 1) this.deferredBodies[i]!();
      for (const name of this.deferredNames) name();
    } finally {
      // From here on the repository keeps this module's outline; the tree may be let go.
      this.repository.settle(this.symbols);
    }
    if (importError !== undefined) {
      for (const flow of this.flows) {
        flow.deployable = false;
        flow.import_error = importError;
      }
    }
    this.flows.sort((a, b) => a.line_number - b.line_number);
    // Copied, so that no name sliced from the module's text keeps the text alive in the result.
    return structuredClone({ flows: this.flows, warnings: this.warnings });
  }

  /**
   * Why Python cannot import this module, if it cannot; warns either way when the parser met
   * something it could not read.
   */
  private importError(tree: Tree, tooDeep: boolean): string | undefined {
    let verdict = checkModuleSyntax(tree, this.source);
    if (tooDeep && verdict.kind === 'invalid' && verdict.what === SYNTAX_ERROR) {
      verdict = {
        kind: 'parser-gap',
        position: verdict.position,
        construct: 'an expression thousands of operands deep, more than the parser can build',
      };
    }
    const problems: HiddenProblem[] = [...this.hidden];
    if (verdict.kind === 'invalid')
      problems.push({ line: this.lineOf(verdict.position), what: verdict.what });
    if (problems.length === 0) {
      if (verdict.kind === 'parser-gap') {
        this.warn(
          this.lineOf(verdict.position),
          `Valid Python the parser cannot read (${verdict.construct}); flows were read from the rest of the file, and one defined near this line may be missing.`,
        );
      }
      return undefined;
    }
    const first = problems.reduce((a, b) => (b.line < a.line ? b : a));
    const message = `Python cannot import ${this.file.relativeToRepo}: ${first.what} at line ${first.line}, so every run of a flow in it would crash. Its flows are listed but not deployable until the file is fixed.`;
    this.warn(first.line, message);
    return message;
  }

  private warn(line: number | undefined, message: string): void {
    const warning: ScanWarning = { file: this.file.relativeToRoot, message };
    if (line !== undefined) warning.line = line;
    this.warnings.push(warning);
  }

  private lineOf(position: number): number {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.source.indexOf('\n'); i >= 0; i = this.source.indexOf('\n', i + 1)) {
        this.lineStarts.push(i + 1);
      }
    }
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= position) low = middle;
      else high = middle - 1;
    }
    return this.pruned.originalLine(low + 1);
  }

  /** The statements of a module or an indented body, in order. */
  private readBlock(block: SyntaxNode, scope: NameScope, placement: Placement): void {
    for (let child = block.firstChild; child; child = child.nextSibling)
      this.readStatement(child, scope, placement);
  }

  private readStatement(node: SyntaxNode, scope: NameScope, placement: Placement): void {
    switch (node.name) {
      case 'ImportStatement':
        return this.readImport(node, scope);
      case 'AssignStatement':
        return this.readAssignment(node, scope);
      case 'UpdateStatement': {
        const target = node.firstChild;
        if (target?.name === 'VariableName') scope.bind(nodeText(target, this.source), null);
        return;
      }
      case 'TypeDefinition': {
        // `type Choices = Literal["a", "b"]` (PEP 695): an alias annotations can name.
        const name = node.getChild('VariableName');
        if (name) {
          scope.bind(nodeText(name, this.source), null);
          scope.recordAssignment(nodeText(name, this.source), node);
        }
        return;
      }
      case 'DeleteStatement':
        for (const target of node.getChildren('VariableName'))
          scope.bind(nodeText(target, this.source), null);
        return;
      case 'FunctionDefinition':
        return this.readFunction(node, [], scope, placement);
      case 'ClassDefinition':
        return this.readClass(node, scope, placement);
      case 'DecoratedStatement': {
        const decorators = node.getChildren('Decorator');
        const definition = node.lastChild;
        if (definition?.name === 'FunctionDefinition')
          this.readFunction(definition, decorators, scope, placement);
        else if (definition?.name === 'ClassDefinition') this.readClass(definition, scope, placement);
        return;
      }
      case 'StatementGroup':
        return this.readBlock(node, scope, placement);
      case 'IfStatement':
        return this.readIf(node, scope, placement);
      case 'TryStatement':
        return this.readTry(node, scope, placement);
      case 'MatchStatement': {
        const clauses = node.getChild('MatchBody')?.getChildren('MatchClause') ?? [];
        const paths = clauses.map((clause) => () => {
          const body = clause.getChild('Body');
          if (body) this.readBlock(body, scope, placement);
        });
        paths.push(() => undefined);
        return scope.followAlternatives(paths);
      }
      case 'ForStatement':
      case 'WithStatement':
      case 'WhileStatement':
        return this.readLoopOrWith(node, scope, placement);
      default:
        return;
    }
  }

  private readImport(node: SyntaxNode, scope: NameScope): void {
    const children = childNodes(node);
    if (children[0]?.name === 'from') {
      const importAt = children.findIndex((child) => child.name === 'import');
      const moduleParts = children.slice(1, importAt);
      const named = moduleParts
        .filter((part) => part.name === 'VariableName')
        .map((part) => nodeText(part, this.source));
      let level = 0;
      for (const part of moduleParts) {
        if (part.name === '.') level += 1;
        else if (part.name === 'Ellipsis') level += 3;
        else break; // only the leading dots count: `prefect.main` is absolute
      }
      const module = level === 0 ? named.join('.') : this.relativeModule(level, named);
      const names = children.slice(importAt + 1);
      for (let i = 0; i < names.length; i += 1) {
        const name = names[i]!;
        if (name.name === '*') {
          scope.bindFromImport(module, '*', undefined);
        } else if (name.name === 'VariableName') {
          const alias = names[i + 1]?.name === 'as' ? names[i + 2] : undefined;
          scope.bindFromImport(module, nodeText(name, this.source), alias && nodeText(alias, this.source));
          if (alias) i += 2;
        }
      }
      return;
    }
    // `import a.b as c, d`: dotted paths separated by commas, each with an optional alias.
    let path: string[] = [];
    let alias: string | undefined;
    let expectAlias = false;
    const finish = (): void => {
      if (path.length > 0) scope.bindImport(path, alias);
      path = [];
      alias = undefined;
    };
    for (const child of children.slice(1)) {
      if (child.name === ',') finish();
      else if (child.name === 'as') expectAlias = true;
      else if (child.name === 'VariableName') {
        if (expectAlias) alias = nodeText(child, this.source);
        else path.push(nodeText(child, this.source));
        expectAlias = false;
      }
    }
    finish();
  }

  /**
   * `from ..models import Config`: the module, marked as the repository's own, counted from
   * this file's package; undefined when it climbs above the repository root.
   */
  private relativeModule(level: number, named: string[]): string | undefined {
    const packageParts = this.file.relativeToRepo.split('/').slice(0, -1);
    if (level - 1 > packageParts.length) return undefined;
    const parts = [...packageParts.slice(0, packageParts.length - (level - 1)), ...named];
    return parts.length === 0 ? undefined : `${REPOSITORY_MARK}${parts.join('.')}`;
  }

  /** `a = b = prefect.flow` makes `a` and `b` aliases; any other value makes them unknown. */
  private readAssignment(node: SyntaxNode, scope: NameScope): void {
    const children = childNodes(node);
    const lastOperator = children.map((child) => child.name).lastIndexOf('AssignOp');
    if (lastOperator < 0) return; // `x: int` binds nothing
    const values = children.slice(lastOperator + 1).filter((child) => child.name !== ',');
    const single =
      values.length === 1 && !children.slice(lastOperator + 1).some((child) => child.name === ',');
    const dotted = single ? dottedName(unwrapParentheses(values[0]!), this.source) : undefined;
    const value = dotted ? scope.resolve(dotted) : null;
    // Targets are the segments between `=` signs; a segment with commas is a tuple.
    let segment: SyntaxNode[] = [];
    const bindSegment = (): void => {
      const parts = segment.filter((child) => child.name !== 'TypeDef');
      const only = parts.length === 1 ? unwrapParentheses(parts[0]!) : undefined;
      if (only?.name === 'VariableName') {
        const name = nodeText(only, this.source);
        scope.bind(name, value);
        if (single) scope.recordAssignment(name, values[0]!);
      } else for (const part of parts) for (const name of this.targetNames(part)) scope.bind(name, null);
      segment = [];
    };
    for (const child of children.slice(0, lastOperator + 1)) {
      if (child.name === 'AssignOp') bindSegment();
      else segment.push(child);
    }
  }

  /** Names bound by an assignment target: `a`, `(a, b)`, `[a, *b]`. */
  private targetNames(node: SyntaxNode): string[] {
    if (node.name === 'VariableName') return [nodeText(node, this.source)];
    if (
      node.name === 'TupleExpression' ||
      node.name === 'ArrayExpression' ||
      node.name === 'ParenthesizedExpression'
    ) {
      return meaningfulChildren(node).flatMap((child) => this.targetNames(child));
    }
    return [];
  }

  private readIf(node: SyntaxNode, scope: NameScope, placement: Placement): void {
    const start = new Map(scope.names);
    const changed: Set<string>[] = [];
    const paths = node.getChildren('Body').map((body) => () => {
      this.readBlock(body, scope, placement);
      const names = [...scope.names].filter(([name, binding]) => start.get(name) !== binding);
      changed.push(new Set(names.map(([name]) => name)));
    });
    // Without an `else`, running none of the branches is one more possibility.
    if (!node.getChild('else')) paths.push(() => undefined);
    scope.followAlternatives(paths);
    // `if TYPE_CHECKING:` imports are for type checkers: Python never binds them.
    if (!this.isTypeChecking(node.firstChild?.nextSibling, scope)) return;
    const [typeChecking, ...others] = changed;
    for (const name of typeChecking ?? [])
      if (!others.some((other) => other.has(name))) scope.markTypeCheckingOnly(name);
  }

  private readTry(node: SyntaxNode, scope: NameScope, placement: Placement): void {
    const success: SyntaxNode[] = [];
    const handlers: SyntaxNode[] = [];
    const final: SyntaxNode[] = [];
    let clause = 'try';
    for (const child of childNodes(node)) {
      if (['try', 'except', 'else', 'finally'].includes(child.name)) clause = child.name;
      else if (child.name === 'Body') {
        if (clause === 'except') handlers.push(child);
        else if (clause === 'finally') final.push(child);
        else success.push(child);
      }
    }
    scope.followAlternatives([
      () => success.forEach((body) => this.readBlock(body, scope, placement)),
      ...handlers.map((body) => () => this.readBlock(body, scope, placement)),
    ]);
    for (const body of final) this.readBlock(body, scope, placement);
  }

  /** `for`, `while` and `with`: targets become unknown names, bodies are read in order. */
  private readLoopOrWith(node: SyntaxNode, scope: NameScope, placement: Placement): void {
    let inTarget = node.name === 'ForStatement' ? false : undefined;
    let afterAs = false;
    for (const child of childNodes(node)) {
      if (child.name === 'for') inTarget = true;
      else if (child.name === 'in') inTarget = false;
      else if (child.name === 'as') afterAs = true;
      else if (child.name === 'Body') this.readBlock(child, scope, placement);
      else if (inTarget || afterAs) {
        for (const name of this.targetNames(child)) scope.bind(name, null);
        afterAs = false;
      }
    }
  }

  private readClass(node: SyntaxNode, scope: NameScope, placement: Placement): void {
    const nameNode = node.getChild('VariableName');
    const body = node.getChild('Body');
    const name = nameNode ? nodeText(nameNode, this.source) : '';
    if (body) {
      this.readBlock(body, new NameScope('class', scope), {
        path: [...placement.path, name],
        inFunction: placement.inFunction,
      });
    }
    if (!name) return;
    // A module-level class can be found again by its qualified name (class-schema.ts).
    const topLevel = placement.path.length === 0 && scope === this.moduleScope && this.module !== '';
    if (topLevel) this.symbols.classes.set(name, node);
    scope.bind(name, topLevel ? `${REPOSITORY_MARK}${this.module}.${name}` : null);
  }

  private readFunction(
    node: SyntaxNode,
    decorators: SyntaxNode[],
    scope: NameScope,
    placement: Placement,
  ): void {
    const nameNode = node.getChild('VariableName');
    const paramList = node.getChild('ParamList');
    const body = node.getChild('Body');
    if (!nameNode) return;
    const name = nodeText(nameNode, this.source);
    // Stacked flow decorators: the outer Flow copies the inner one's name and description.
    const flowDecorator = decorators.findLast((decorator) => this.isFlowDecorator(decorator, scope));
    if (flowDecorator && paramList)
      this.addFlow(node, name, flowDecorator, paramList, body, scope, placement);
    scope.bind(name, null);
    if (!body) return;
    this.deferredBodies.push(() => {
      const local = new NameScope('function', scope);
      if (paramList)
        for (const parameter of readParameters(paramList, this.source)) local.bind(parameter.name, null);
      this.readBlock(body, local, { path: [...placement.path, name, '<locals>'], inFunction: true });
    });
  }

  private isTypeChecking(test: SyntaxNode | null | undefined, scope: NameScope): boolean {
    const dotted = test ? dottedName(test, this.source) : undefined;
    const resolved = dotted ? scope.resolve(dotted) : null;
    return resolved === 'typing.TYPE_CHECKING' || resolved === 'typing_extensions.TYPE_CHECKING';
  }

  /** `@flow`, `@flow(...)`, `@prefect.flow`, `@pf.flows.flow(...)`, when the name is Prefect's. */
  private isFlowDecorator(decorator: SyntaxNode, scope: NameScope): boolean {
    const dotted: string[] = [];
    for (const child of childNodes(decorator)) {
      if (child.name === 'VariableName') dotted.push(nodeText(child, this.source));
      else if (child.name === 'At' || child.name === '.') continue;
      else if (child.name === 'ArgList') break;
      else return false;
    }
    const resolved = scope.resolve(dotted);
    return resolved !== null && FLOW_DECORATORS.has(resolved);
  }

  private addFlow(
    definition: SyntaxNode,
    functionName: string,
    decorator: SyntaxNode,
    paramList: SyntaxNode,
    body: SyntaxNode | null,
    scope: NameScope,
    placement: Placement,
  ): void {
    const defKeyword = definition.getChild('def') ?? definition;
    const line = this.lineOf(defKeyword.from);
    const options = this.decoratorOptions(decorator);
    const docstring = body ? this.docstring(body) : undefined;
    const cleanedDoc = docstring === undefined ? '' : cleanDocstring(docstring);

    const classes = new DefinitionsCollector(this.repository, this.symbols);
    const objName = [...placement.path, functionName].join('.');
    const entrypoint = `${this.file.relativeToRepo}:${objName}`;
    const flow: Flow = {
      name: normaliseFlowName(functionName),
      original_name: functionName,
      description: cleanedDoc,
      id: entrypoint,
      source_path: this.file.absolute,
      source_relative: this.file.relativeToRoot,
      line_number: line,
      grouping: [...this.file.grouping],
      child_attributes: {
        obj_name: objName,
        module: this.module,
        import_path: this.module ? `${this.module}.${objName}` : objName,
      },
      entrypoint,
      is_async: definition.getChild('async') !== null,
      deployable: !placement.inFunction,
      parameters: parameterSchema(
        paramList,
        this.source,
        scope,
        googleParameterDescriptions(cleanedDoc),
        classes,
      ),
      ...(acceptsAnyParameters(paramList, this.source) ? { accepts_any_parameters: true } : {}),
    };
    this.flows.push(flow);
    for (const remark of classes.remarks) this.warn(line, defaultWarning(functionName, remark));
    this.deferredNames.push(() => this.nameFlow(flow, functionName, options, scope));
  }

  /** `name=` and `description=`, read once the module's constants are all known. */
  private nameFlow(flow: Flow, functionName: string, options: DecoratorOptions, scope: NameScope): void {
    const line = flow.line_number;
    const name = this.optionValue(options.name, scope);
    if (name.kind === 'literal' && name.value !== '') flow.original_name = name.value;
    if (name.kind === 'computed') {
      this.warn(
        line,
        `The flow name of ${functionName} is computed at run time; listed under its function name.`,
      );
    }
    const originalName = flow.original_name;
    flow.name = normaliseFlowName(originalName);
    if (BANNED_NAME_CHARACTERS.test(originalName)) {
      this.warn(line, `Flow name "${originalName}" contains one of / % & < >, which Prefect refuses.`);
    }
    const description = this.optionValue(options.description, scope);
    if (description.kind === 'literal' && description.value !== '') flow.description = description.value;
    if (description.kind === 'computed') {
      this.warn(
        line,
        `The description of flow ${originalName} is computed at run time; using its docstring instead.`,
      );
    }
    if (options.spread && (options.name === undefined || options.description === undefined)) {
      this.warn(
        line,
        `Flow ${originalName} takes options from **kwargs; a name or description set there cannot be seen without running the code.`,
      );
    }
  }

  /** The first statement of a body when it is a plain string: the function's `__doc__`. */
  private docstring(body: SyntaxNode): string | undefined {
    const first = meaningfulChildren(body)[0];
    if (first?.name !== 'ExpressionStatement') return undefined;
    const expression = first.firstChild;
    if (!expression || expression.nextSibling) return undefined;
    if (expression.name !== 'String' && expression.name !== 'ContinuedString') return undefined;
    return stringValue(expression, this.source);
  }

  private decoratorOptions(decorator: SyntaxNode): DecoratorOptions {
    const options: DecoratorOptions = { name: undefined, description: undefined, spread: false };
    const argList = decorator.getChild('ArgList');
    if (!argList) return options;
    const args = meaningfulChildren(argList);
    for (let i = 0; i < args.length; i += 1) {
      const arg = args[i]!;
      if (arg.name === '**') {
        options.spread = true;
        i += 1;
      } else if (arg.name === 'VariableName' && args[i + 1]?.name === 'AssignOp') {
        const keyword = nodeText(arg, this.source);
        const value = args[i + 2];
        if (value && (keyword === 'name' || keyword === 'description')) options[keyword] = value;
        i += 2;
      }
    }
    return options;
  }

  private optionValue(node: SyntaxNode | undefined, scope: NameScope): OptionValue {
    if (node === undefined || node.name === 'None') return ABSENT;
    const value = staticString(node, this.source, scope);
    return value === undefined ? { kind: 'computed' } : { kind: 'literal', value };
  }
}

/** 1-based line of a position in `text`. */
function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < position; i = text.indexOf('\n', i + 1)) line += 1;
  return line;
}

function unwrapParentheses(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.name === 'ParenthesizedExpression') {
    const inner = meaningfulChildren(current);
    if (inner.length !== 1) break;
    current = inner[0]!;
  }
  return current;
}

type OptionValue = { kind: 'absent' } | { kind: 'literal'; value: string } | { kind: 'computed' };

const ABSENT: OptionValue = { kind: 'absent' };

/** The `name=` and `description=` expressions of a flow decorator, when given. */
interface DecoratorOptions {
  name: SyntaxNode | undefined;
  description: SyntaxNode | undefined;
  /** `@flow(**options)`: keywords this scanner cannot see. */
  spread: boolean;
}
