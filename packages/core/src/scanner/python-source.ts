// Finds the Prefect flows in one Python module's source: parses it with @lezer/python, follows
// what each name is bound to, and describes every function decorated with Prefect's `flow`.
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import type { Flow, ScanWarning } from '../model/flow.js';
import { normaliseFlowName } from '../naming/flow-name.js';
import { pruneFunctionBodies } from './body-pruning.js';
import type { PrunedSource } from './body-pruning.js';
import { cleanDocstring, googleParameterDescriptions } from './docstring.js';
import { NameScope } from './name-scope.js';
import { acceptsAnyParameters, parameterSchema, readParameters } from './parameter-schema.js';
import {
  childNodes,
  dottedName,
  firstErrorPosition,
  meaningfulChildren,
  nodeText,
  stringValue,
} from './syntax-tree.js';

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
  let text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  // Python reads CRLF and lone CR as one line break each; so do line numbers here.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const pruned: PrunedSource =
    options.pruneBodies === false ? { text, originalLine: (line) => line } : pruneFunctionBodies(text);
  return new ModuleReader(pruned, file).read();
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
  private lineStarts: number[] | undefined;
  private readonly module: string;
  private readonly source: string;

  constructor(
    private readonly pruned: PrunedSource,
    private readonly file: PythonSourceFile,
  ) {
    this.source = pruned.text;
    this.module = moduleName(file.relativeToRepo);
  }

  read(): SourceScan {
    const tree = parser.parse(this.source);
    const errorAt = firstErrorPosition(tree.topNode);
    if (errorAt !== undefined) {
      this.warn(
        this.lineOf(errorAt),
        'Python syntax the parser could not read; flows were read from the rest of the file, and one defined near this line may be missing.',
      );
    }
    this.readBlock(tree.topNode, new NameScope('module', undefined), { path: [], inFunction: false });
    // Reading a body may queue more (functions nested in it): run until none is left.
    for (let i = 0; i < this.deferredBodies.length; i += 1) this.deferredBodies[i]!();
    this.flows.sort((a, b) => a.line_number - b.line_number);
    return { flows: this.flows, warnings: this.warnings };
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
      case 'IfStatement': {
        const paths = node.getChildren('Body').map((body) => () => this.readBlock(body, scope, placement));
        // Without an `else`, running none of the branches is one more possibility.
        if (!node.getChild('else')) paths.push(() => undefined);
        return scope.followAlternatives(paths);
      }
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
      const relative = moduleParts[0]?.name === '.' || moduleParts[0]?.name === 'Ellipsis';
      const module = relative
        ? undefined
        : moduleParts
            .filter((part) => part.name === 'VariableName')
            .map((part) => nodeText(part, this.source))
            .join('.');
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
      if (only?.name === 'VariableName') scope.bind(nodeText(only, this.source), value);
      else for (const part of parts) for (const name of this.targetNames(part)) scope.bind(name, null);
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
    if (name) scope.bind(name, null);
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
    const flowDecorator = decorators.find((decorator) => this.isFlowDecorator(decorator, scope));
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

    let originalName = functionName;
    if (options.name.kind === 'literal' && options.name.value !== '') originalName = options.name.value;
    if (options.name.kind === 'computed') {
      this.warn(
        line,
        `The flow name of ${functionName} is computed at run time; listed under its function name.`,
      );
    }
    if (BANNED_NAME_CHARACTERS.test(originalName)) {
      this.warn(line, `Flow name "${originalName}" contains one of / % & < >, which Prefect refuses.`);
    }
    let description = cleanedDoc;
    if (options.description.kind === 'literal' && options.description.value !== '') {
      description = options.description.value;
    }
    if (options.description.kind === 'computed') {
      this.warn(
        line,
        `The description of flow ${originalName} is computed at run time; using its docstring instead.`,
      );
    }
    if (options.spread && (options.name.kind === 'absent' || options.description.kind === 'absent')) {
      this.warn(
        line,
        `Flow ${originalName} takes options from **kwargs; a name or description set there cannot be seen without running the code.`,
      );
    }

    const objName = [...placement.path, functionName].join('.');
    const entrypoint = `${this.file.relativeToRepo}:${objName}`;
    this.flows.push({
      name: normaliseFlowName(originalName),
      original_name: originalName,
      description,
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
      parameters: parameterSchema(paramList, this.source, scope, googleParameterDescriptions(cleanedDoc)),
      ...(acceptsAnyParameters(paramList, this.source) ? { accepts_any_parameters: true } : {}),
    });
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
    const options: DecoratorOptions = { name: ABSENT, description: ABSENT, spread: false };
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
        if (value && (keyword === 'name' || keyword === 'description'))
          options[keyword] = this.optionValue(value);
        i += 2;
      }
    }
    return options;
  }

  private optionValue(node: SyntaxNode): OptionValue {
    if (node.name === 'None') return ABSENT;
    const value = stringValue(node, this.source);
    return value === undefined ? { kind: 'computed' } : { kind: 'literal', value };
  }
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

interface DecoratorOptions {
  name: OptionValue;
  description: OptionValue;
  /** `@flow(**options)`: keywords this scanner cannot see. */
  spread: boolean;
}
