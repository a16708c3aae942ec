// A module Python can import is never called broken: generated valid modules, large ones
// included, keep every flow deployable (but those defined inside functions) at its own line,
// with no warning. Where python3 is installed, CPython confirms the generated modules are valid.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { largePythonModule, pythonModule } from './python-module-arbitrary.js';
import type { GeneratedModule, PlantedFlow } from './python-module-arbitrary.js';
import { python, scan } from './python-snippet.js';

function found(source: string, pruneBodies = true): { flows: PlantedFlow[]; warnings: string[] } {
  const result = scan(source, { pruneBodies });
  return {
    flows: result.flows.map((flow) => ({
      objName: flow.child_attributes.obj_name,
      line: flow.line_number,
      deployable: flow.deployable,
    })),
    warnings: result.warnings.map((warning) => `${warning.line}: ${warning.message}`),
  };
}

function expectAllFound(module: GeneratedModule, pruneBodies = true): void {
  expect(found(module.source, pruneBodies)).toEqual({
    flows: [...module.flows].sort((a, b) => a.line - b.line),
    warnings: [],
  });
}

/** The module: 6,000 small functions, a few flows, one a method of a class after line 18,000. */
function manySmallFunctions(): GeneratedModule {
  const lines = ['from prefect import flow'];
  const flows: PlantedFlow[] = [];
  for (let i = 0; i < 6000; i += 1) {
    if (i % 1500 === 7) {
      lines.push('', '@flow', `def flow_${i}(x: int = 1):`, '    return x');
      flows.push({ objName: `flow_${i}`, line: lines.length - 1, deployable: true });
    } else lines.push('', `def f_${i}(a, b=2):`, '    return a + b');
  }
  lines.push('', 'class Late:', '    @flow', '    def run(self, n: int = 3):', '        return n');
  flows.push({ objName: 'Late.run', line: lines.length - 1, deployable: true });
  return { source: `${lines.join('\n')}\n`, flows };
}

const SETTINGS_BLOCK = Array.from(
  { length: 400 },
  (_, i) => `SETTING_${i} = ${i}\n\n# about the next one`,
).join('\n');

const ROWS: [title: string, module: GeneratedModule][] = [
  ['6,000 small functions, a flow declared after line 18,000', manySmallFunctions()],
  [
    'a form feed alone on a line between statements',
    {
      source: 'from prefect import flow\n\nx = 1\n\f\n@flow\ndef etl():\n    return 1\n',
      flows: [{ objName: 'etl', line: 6, deployable: true }],
    },
  ],
  [
    'a form feed before a comment line and before an indented method',
    {
      source: python(`
        from prefect import flow

        class Pipelines:
            size = 1
        \f    # methods
        \f    @flow
            def run(self):
                pass
      `),
      flows: [{ objName: 'Pipelines.run', line: 7, deployable: true }],
    },
  ],
  [
    'a form feed after indentation (Python counts the indentation after it)',
    {
      source: 'from prefect import flow\n\nif True:\n    x = 1\n    \fy = 2\n\n@flow\ndef etl():\n    pass\n',
      flows: [{ objName: 'etl', line: 8, deployable: true }],
    },
  ],
  [
    '400 assignments with blank and comment lines between them',
    {
      source: `from prefect import flow\n${SETTINGS_BLOCK}\n\n@flow\ndef etl():\n    pass\n`,
      flows: [{ objName: 'etl', line: 1204, deployable: true }],
    },
  ],
  [
    'a 2,000-term sum (CPython takes up to about 3,000)',
    {
      source: `from prefect import flow\ntotal = ${Array.from({ length: 2000 }, (_, i) => `v${i}`).join(' + ')}\n\n@flow\ndef etl():\n    pass\n`,
      flows: [{ objName: 'etl', line: 5, deployable: true }],
    },
  ],
];

describe('a module Python can import', () => {
  it.each(ROWS)('keeps its flows deployable: %s', (_title, module) => {
    expectAllFound(module);
    expectAllFound(module, false);
  });

  it('is read whole in generated modules: every flow found at its line, no warning', () => {
    fc.assert(
      fc.property(pythonModule, (module) => {
        expectAllFound(module);
        expectAllFound(module, false);
      }),
      { numRuns: 400 },
    );
  });

  it('is read whole in generated large modules (up to tens of thousands of lines)', () => {
    fc.assert(
      fc.property(largePythonModule, (module) => {
        expectAllFound(module);
      }),
      { numRuns: 12 },
    );
  });

  it('warns, without calling the file broken, for a chain deeper than the parser can build', () => {
    const chain = Array.from({ length: 2900 }, (_, i) => `v${i}`).join(' + ');
    const result = found(`from prefect import flow\ntotal = ${chain}\n\n@flow\ndef etl():\n    pass\n`);
    expect(result.flows).toEqual([{ objName: 'etl', line: 5, deployable: true }]);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^2: Valid Python the parser cannot read \(an expression thousands of operands deep/,
      ),
    ]);
  });
});

const python3 = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const withPython = python3.status === 0 ? it : it.skip;

describe('the generated modules, checked by CPython', () => {
  withPython(
    `are valid Python (${python3.status === 0 ? python3.stdout.trim() : 'skipped: python3 is not installed'})`,
    () => {
      const modules = [
        ...fc.sample(pythonModule, { numRuns: 300, seed: 16 }),
        ...fc.sample(largePythonModule, { numRuns: 3, seed: 16 }),
        ...ROWS.map(([, module]) => module),
      ];
      const folder = mkdtempSync(path.join(tmpdir(), 'valid-python-'));
      try {
        const files = modules.map((module, i) => {
          const file = path.join(folder, `m_${i}.py`);
          writeFileSync(file, module.source);
          return file;
        });
        const check = spawnSync(
          'python3',
          [
            '-c',
            'import ast, sys\nfor name in sys.argv[1:]:\n    try:\n        ast.parse(open(name, "rb").read())\n    except (SyntaxError, ValueError) as error:\n        print(name, error)',
            ...files,
          ],
          { encoding: 'utf8' },
        );
        expect(check.stderr).toBe('');
        expect(check.stdout).toBe('');
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );
});
