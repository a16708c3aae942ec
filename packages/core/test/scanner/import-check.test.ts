// Flows in files Python cannot import are listed as not deployable, with the file and line of
// the first error; valid modern syntax, including what the parser cannot read, keeps them deployable.
import { describe, expect, it } from '@jest/globals';
import { python, scan } from './python-snippet.js';

const FLOW = 'from prefect import flow\n\n@flow\ndef etl(): pass\n';

type ImportRow = [
  title: string,
  source: string,
  /** `deployable` of the one flow in the source. */
  deployable: boolean,
  /** The one warning expected (a message fragment and its line), or null for none. */
  warning: [fragment: string, line: number] | null,
];

const ROWS: ImportRow[] = [
  ['valid Python', FLOW, true, null],
  [
    'a syntax error elsewhere in the file',
    `${FLOW}\ndef broken(:\n    pass\n`,
    false,
    ['Python cannot import src/sales/etl.py: a syntax error at line 6', 6],
  ],
  [
    'a syntax error before the flow',
    `x = (1,\n${FLOW}`,
    false,
    ['Python cannot import src/sales/etl.py: a syntax error at line', 2],
  ],
  ['a Python 2 print statement', `${FLOW}print "x"\n`, false, ['a Python 2 print statement at line 5', 5]],
  [
    'a Python 2 except clause',
    `${FLOW}try:\n    pass\nexcept ValueError, e:\n    pass\n`,
    false,
    ['a Python 2 `except X, e:` clause at line 7', 7],
  ],
  ['a NUL byte', `${FLOW}x = 1\0\n`, false, ['a NUL byte at line 5', 5]],
  [
    'a NUL byte inside a function body the scanner prunes',
    `${FLOW}def helper():\n    x = "\0"\n`,
    false,
    ['a NUL byte at line 6', 6],
  ],
  [
    'a Python 2 print statement inside a function body the scanner prunes',
    `${FLOW}def helper(x):\n    y = x\n    print y\n`,
    false,
    ['a Python 2 print statement at line 7', 7],
  ],
  [
    'print calls, shifts and conditionals inside a pruned body are Python 3',
    `${FLOW}def helper(x):\n    print (x)\n    print >> sys.stderr, x\n    print if x else None\n    """\n    print the docstring\n    """\n`,
    true,
    null,
  ],
  ['print as a function and as a name', `${FLOW}print("x")\nprint\n`, true, null],
  [
    'an assignment to print: valid, unreadable to the parser',
    `${FLOW}print = log\n`,
    true,
    ['the name `print` in an expression or assignment', 5],
  ],
  [
    'PEP 695 type parameters',
    `${FLOW}def first[T](x: list[T]) -> T:\n    return x[0]\nclass Box[T]: pass\n`,
    true,
    null,
  ],
  ['a PEP 695 type alias', `${FLOW}type Pair[T] = tuple[T, T]\n`, true, null],
  ['PEP 701 f-strings', `${FLOW}x = f"{d["a"]} {f"{1}"}"\n`, true, null],
  // Python keeps a backslash before a brace as text and reads the brace as usual.
  [
    'a backslash before a doubled brace in a raw f-string',
    `${FLOW}x = rf"\\{{\\"po\\.(\\w+)\\":"\n`,
    true,
    null,
  ],
  ['a backslash before braces in an f-string', `${FLOW}x = f"a\\{{" + f"\\}}b" + rf"\\{y}"\n`, true, null],
  [
    'a backslash before a doubled brace in an f-string above the flow',
    `x = rf"C:\\{{x"\ndef helper():\n    return 1\n${FLOW}`,
    true,
    null,
  ],
  ['a named character in an f-string is no field', `${FLOW}x = f"\\N{EM DASH} {y}"\n`, true, null],
  [
    'match statements',
    python(`
      ${FLOW.replace(/\n/g, '\n      ')}
      match command:
          case [action, *rest] if rest:
              pass
          case {"a": b} | Point(x=0):
              pass
          case _:
              pass
    `),
    true,
    null,
  ],
  [
    'except*, walrus, positional-only parameters',
    `${FLOW}try:\n    pass\nexcept* E:\n    pass\nif (n := 1):\n    pass\ndef g(a, /, b): pass\n`,
    true,
    null,
  ],
  [
    'parenthesised context managers: valid, unreadable to the parser, still deployable',
    `${FLOW}with (open("a") as a, open("b") as b):\n    pass\n`,
    true,
    ['Valid Python the parser cannot read (parenthesised context managers', 5],
  ],
  [
    'a PEP 614 decorator: valid, unreadable to the parser, still deployable',
    `${FLOW}@buttons[0].clicked.connect\ndef on_click(): pass\n`,
    true,
    ['a decorator that is not a dotted name or a call of one (PEP 614)', 5],
  ],
  ['a starred subscript (PEP 646)', `${FLOW}x = a[*b]\n`, true, ['a starred expression in a subscript', 5]],
  [
    'a lambda with positional-only parameters',
    `${FLOW}f = lambda a, /, b: 0\n`,
    true,
    ['a lambda with positional-only parameters', 5],
  ],
  ['a template string (PEP 750)', `${FLOW}x = t"{a}"\n`, true, ['a template string', 5]],
  [
    'a bare yield as a value, in a body the scanner must parse',
    `${FLOW}def outer():\n    x = yield\n\n    @cache\n    def inner(): pass\n`,
    true,
    ['a bare `yield` used as a value', 6],
  ],
];

describe('flows in files Python cannot import', () => {
  it.each(ROWS)('%s', (_title, source, deployable, warning) => {
    const result = scan(source);
    const etl = result.flows.find((flow) => flow.child_attributes.obj_name === 'etl');
    expect(etl).toBeDefined();
    if (warning === null) {
      expect(result.warnings).toEqual([]);
    } else {
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]!.message).toContain(warning[0]);
      expect(result.warnings[0]!.line).toBe(warning[1]);
    }
    expect(etl!.deployable).toBe(deployable);
    expect(etl!.import_error).toBe(deployable ? undefined : result.warnings[0]!.message);
    expect(scan(source, { pruneBodies: false }).flows).toEqual(result.flows);
  });
});
