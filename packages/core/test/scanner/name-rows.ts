// Snippets whose flow name or description Prefect computes at import, and what the scanner
// reads statically: one row per way of spelling it, resolved or left as a warning.
import { python } from './python-snippet.js';

export interface NameRow {
  title: string;
  source: string;
  /** `obj_name -> original_name`, one per flow in line order. */
  names: string[];
  /** The first flow's description, when the row is about it. */
  description?: string;
  /** Messages of the warnings expected, in order; none when empty. */
  warnings: string[];
}

const computedName = (fn: string): string =>
  `The flow name of ${fn} is computed at run time; listed under its function name.`;

export const NAME_ROWS: NameRow[] = [
  {
    title: 'a module constant',
    source: python(`
      from prefect import flow
      FLOW_NAME = "Knack Services: Signals"

      @flow(name=FLOW_NAME)
      def main(): pass
    `),
    names: ['main -> Knack Services: Signals'],
    warnings: [],
  },
  {
    title: 'an annotated constant',
    source: python(`
      from prefect import flow
      NAME: str = "typed"

      @flow(name=NAME)
      def main(): pass
    `),
    names: ['main -> typed'],
    warnings: [],
  },
  {
    title: 'a constant bound twice is not static',
    source: python(`
      from prefect import flow
      NAME = "a"
      NAME = "b"

      @flow(name=NAME)
      def main(): pass
    `),
    names: ['main -> main'],
    warnings: [computedName('main')],
  },
  {
    title: 'a constant bound in two branches is not static',
    source: python(`
      from prefect import flow
      if PROD:
          NAME = "a"
      else:
          NAME = "b"

      @flow(name=NAME)
      def main(): pass
    `),
    names: ['main -> main'],
    warnings: [computedName('main')],
  },
  {
    title: 'a constant rebound by an import or a def is not static',
    source: python(`
      from prefect import flow
      NAME = "a"
      from names import NAME

      @flow(name=NAME)
      def main(): pass
    `),
    names: ['main -> main'],
    warnings: [computedName('main')],
  },
  {
    title: 'a constant of the enclosing function',
    source: python(`
      from prefect import flow

      def make():
          NAME = "inner"

          @flow(name=NAME)
          def run(): pass
          return run
    `),
    names: ['make.<locals>.run -> inner'],
    warnings: [],
  },
  {
    title: 'a function local shadows the module constant (Python looks in the function first)',
    source: python(`
      from prefect import flow
      NAME = "module"

      def make(NAME):
          @flow(name=NAME)
          def run(): pass
    `),
    names: ['make.<locals>.run -> run'],
    warnings: [computedName('run')],
  },
  {
    title: 'a class attribute names a flow method defined in that class body',
    source: python(`
      from prefect import flow

      class Pipelines:
          NAME = "from-class"

          @flow(name=NAME)
          def run(self): pass
    `),
    names: ['Pipelines.run -> from-class'],
    warnings: [],
  },
  {
    title: 'an f-string with no fields',
    source: 'from prefect import flow\n@flow(name=f"Bond Reporting")\ndef main(): pass\n',
    names: ['main -> Bond Reporting'],
    warnings: [],
  },
  {
    title: 'an f-string of static constants, with escapes and doubled braces',
    source: python(`
      from prefect import flow
      PREFIX = "sales"
      ENV = f"{PREFIX}-prod"

      @flow(name=f"{ENV} daily {{x}}\\u00e9")
      def main(): pass
    `),
    names: ['main -> sales-prod daily {x}é'],
    warnings: [],
  },
  {
    title: 'an f-string with a backslash before a brace is left to Python',
    source: 'from prefect import flow\nPREFIX = "sales"\n@flow(name=f"{PREFIX}\\{{x}}")\ndef main(): pass\n',
    names: ['main -> main'],
    warnings: [computedName('main')],
  },
  {
    title: 'an f-string with a conversion or a format spec is computed',
    source: python(`
      from prefect import flow
      PREFIX = "sales"

      @flow(name=f"{PREFIX!r}")
      def a(): pass

      @flow(name=f"{PREFIX:>9}")
      def b(): pass
    `),
    names: ['a -> a', 'b -> b'],
    warnings: [computedName('a'), computedName('b')],
  },
  {
    title: 'an f-string of a name that is not a string constant is computed',
    source: 'from prefect import flow\nimport os\n@flow(name=f"etl-{os.environ}")\ndef main(): pass\n',
    names: ['main -> main'],
    warnings: [computedName('main')],
  },
  {
    title: 'a + b of static strings, and implicit concatenation with an f-string',
    source: python(`
      from prefect import flow
      BASE = "Knack" + " Services"

      @flow(name=BASE + ": " f"Signals")
      def main(): pass
    `),
    names: ['main -> Knack Services: Signals'],
    warnings: [],
  },
  {
    title: 'a + of a number is computed',
    source: 'from prefect import flow\nN = 2\n@flow(name="etl" + N)\ndef main(): pass\n',
    names: ['main -> main'],
    warnings: [computedName('main')],
  },
  {
    title: 'a constant defined through a chain of constants',
    source: python(`
      from prefect import flow
      A = "x"
      B = A
      C = (B + "-y")

      @flow(name=C)
      def main(): pass
    `),
    names: ['main -> x-y'],
    warnings: [],
  },
  {
    title: 'a description from a constant wins over the docstring',
    source: python(`
      from prefect import flow
      DESCRIPTION = "Loads " + "signals."

      @flow(description=DESCRIPTION)
      def main():
          """Doc."""
    `),
    names: ['main -> main'],
    description: 'Loads signals.',
    warnings: [],
  },
  // Prefect's `Flow.__init__` ends in `update_wrapper(self, fn)`, which copies the inner Flow's
  // `__dict__` (its name and description) over the outer one's.
  {
    title: 'stacked flow decorators: the innermost one names the flow',
    source: python(`
      from prefect import flow

      @flow(name="outer", description="outer text")
      @flow(name="inner", description="inner text")
      def main(): pass
    `),
    names: ['main -> inner'],
    description: 'inner text',
    warnings: [],
  },
  {
    title: 'stacked flow decorators: an inner one without name= keeps the function name',
    source: python(`
      from prefect import flow

      @flow(name="outer")
      @flow
      def main(): pass
    `),
    names: ['main -> main'],
    warnings: [],
  },
  {
    title: 'ten flows named by constants in ten modules do not collide (one per row here)',
    source: python(`
      from prefect.main import flow
      FLOW_NAME = "Knack Services: Signals"

      @flow(name=FLOW_NAME)
      def main(): pass
    `),
    names: ['main -> Knack Services: Signals'],
    warnings: [],
  },
  {
    title: 'identifiers are NFKC-normalised: ﬁle_ﬂow is file_flow, and ＮＡＭＥ is NAME',
    source: python(`
      from prefect import ﬂow
      NAME = "normalised"

      @flow(name=ＮＡＭＥ)
      def ﬁle_flow(): pass
    `),
    names: ['file_flow -> normalised'],
    warnings: [],
  },
];
