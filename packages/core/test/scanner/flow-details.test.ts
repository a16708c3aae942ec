// What the scanner says about each flow it finds: names, description, paths, module, line
// numbers under any newline style, and the warnings for what it cannot know statically.
import { describe, expect, it } from '@jest/globals';
import { moduleName } from '../../src/scanner/index.js';
import { python, scan } from './python-snippet.js';

function only(source: string) {
  const result = scan(source);
  expect(result.flows).toHaveLength(1);
  return { flow: result.flows[0]!, warnings: result.warnings };
}

describe('flow names', () => {
  it.each([
    ['no name=: the function name', '@flow', 'daily_etl', 'daily_etl'],
    ['a hyphenated name=', '@flow(name="daily-etl")', 'daily-etl', 'daily_etl'],
    [
      'an empty name= falls back to the function name, as in Prefect',
      '@flow(name="")',
      'daily_etl',
      'daily_etl',
    ],
    ['name=None falls back too', '@flow(name=None)', 'daily_etl', 'daily_etl'],
    ['a concatenated literal', '@flow(name=("sales-" "etl"))', 'sales-etl', 'sales_etl'],
    ['escapes in the literal', "@flow(name='caf\\u00e9-\\x41')", 'café-A', 'café_A'],
  ])('%s', (_title, decorator, originalName, name) => {
    const { flow, warnings } = only(`from prefect import flow\n\n${decorator}\ndef daily_etl(): pass\n`);
    expect(flow.original_name).toBe(originalName);
    expect(flow.name).toBe(name);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['an f-string', '@flow(name=f"etl-{ENV}")'],
    ['a variable', '@flow(name=FLOW_NAME)'],
    ['a call', '@flow(name=make_name())'],
  ])('a computed name (%s) warns and falls back to the function name', (_title, decorator) => {
    const { flow, warnings } = only(`from prefect import flow\n\n${decorator}\ndef daily_etl(): pass\n`);
    expect(flow.original_name).toBe('daily_etl');
    expect(warnings).toEqual([
      {
        file: 'sales/etl.py',
        line: 4,
        message: 'The flow name of daily_etl is computed at run time; listed under its function name.',
      },
    ]);
  });

  it('warns about characters Prefect refuses in a name', () => {
    const { warnings } = only('from prefect import flow\n\n@flow(name="a/b")\ndef f(): pass\n');
    expect(warnings.map((warning) => warning.message)).toEqual([
      'Flow name "a/b" contains one of / % & < >, which Prefect refuses.',
    ]);
  });

  it('warns when options come from **kwargs it cannot see', () => {
    const { flow, warnings } = only('from prefect import flow\n\n@flow(**OPTIONS)\ndef f(): pass\n');
    expect(flow.original_name).toBe('f');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toMatch(/takes options from \*\*kwargs/);
  });
});

describe('flow descriptions', () => {
  it('is the cleaned docstring, as inspect.getdoc gives it', () => {
    const { flow } = only(
      python(`
        from prefect import flow

        @flow
        def f():
            """
            Load the day.

                Indented example.
            \tTabbed line.
            """
      `),
    );
    expect(flow.description).toBe('Load the day.\n\n    Indented example.\n    Tabbed line.');
  });

  it('description= wins over the docstring; an empty one does not', () => {
    const withDescription = only(
      'from prefect import flow\n@flow(description="Loads.")\ndef f():\n    """Doc."""\n',
    );
    expect(withDescription.flow.description).toBe('Loads.');
    const empty = only('from prefect import flow\n@flow(description="")\ndef f():\n    """Doc."""\n');
    expect(empty.flow.description).toBe('Doc.');
  });

  it('a computed description warns and uses the docstring', () => {
    const { flow, warnings } = only(
      'from prefect import flow\n@flow(description=TEXT)\ndef f():\n    """Doc."""\n',
    );
    expect(flow.description).toBe('Doc.');
    expect(warnings[0]!.message).toBe(
      'The description of flow f is computed at run time; using its docstring instead.',
    );
  });

  it.each([
    ['no docstring', 'pass', ''],
    ['a raw docstring keeps backslashes', 'r"""C:\\temp\\n"""', 'C:\\temp\\n'],
    ['escapes are decoded (and tabs expanded, as getdoc does)', '"""Tab\\there."""', 'Tab     here.'],
    ['implicit concatenation is still a docstring', '"Part one. " "Part two."', 'Part one. Part two.'],
    ['an f-string is not a docstring', 'f"""Not {1}."""', ''],
    ['bytes are not a docstring', 'b"""Not."""', ''],
    ['a string after other code is not a docstring', 'x = 1\n    """Late."""', ''],
  ])('%s', (_title, body, description) => {
    const { flow } = only(`from prefect import flow\n@flow\ndef f():\n    ${body}\n`);
    expect(flow.description).toBe(description);
  });
});

describe('where a flow is', () => {
  it('fills every path field from the file placement', () => {
    const { flow } = only('from prefect import flow\n\n\nclass Jobs:\n    @flow\n    def etl(self): pass\n');
    expect(flow).toMatchObject({
      id: 'src/sales/etl.py:Jobs.etl',
      entrypoint: 'src/sales/etl.py:Jobs.etl',
      source_path: '/repo/src/sales/etl.py',
      source_relative: 'sales/etl.py',
      line_number: 6,
      grouping: ['sales'],
      child_attributes: {
        obj_name: 'Jobs.etl',
        module: 'src.sales.etl',
        import_path: 'src.sales.etl.Jobs.etl',
      },
      is_async: false,
      deployable: true,
    });
  });

  it.each([
    ['flows/etl.py', 'flows.etl'],
    ['src/pkg/__init__.py', 'src.pkg'],
    ['etl.py', 'etl'],
    ['__init__.py', ''],
  ])('module of %s is "%s"', (relative, module) => {
    expect(moduleName(relative)).toBe(module);
  });

  const source = [
    'from prefect import flow',
    '',
    '@flow',
    'def first(): pass',
    '"""a',
    'multi-line string"""',
    '@flow',
    'def second(): pass',
    '',
  ];
  it.each([
    ['LF', source.join('\n')],
    ['CRLF', source.join('\r\n')],
    ['CR', source.join('\r')],
    ['a byte-order mark', `\ufeff${source.join('\n')}`],
    [
      'tabs for indentation',
      source.join('\n').replace('def second(): pass', 'def second():\n\tpass').replace('\n\n', '\n\n'),
    ],
  ])('line numbers are right with %s', (_title, text) => {
    expect(scan(text).flows.map((flow) => flow.line_number)).toEqual([4, 8]);
  });
});

describe('source the parser cannot fully read', () => {
  it('warns at the broken line and still reports the flows it can read', () => {
    const result = scan(
      python(`
        from prefect import flow

        @flow
        def before(): pass

        def broken(:
            pass

        @flow
        def after(): pass
      `),
    );
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]!.line).toBe(6);
    expect(result.flows.map((flow) => flow.child_attributes.obj_name)).toContain('before');
  });
});
