// Snippets of Python and the flows in them: every decorator style the scanner must find and
// every look-alike it must not. Shared by the recognition and body-pruning tests.
import { python } from './python-snippet.js';

export interface RecognitionRow {
  title: string;
  source: string;
  /** `obj_name@line`, plus ` async` and ` nested` (not deployable) where they apply. */
  flows: string[];
}

export const RECOGNISED: RecognitionRow[] = [
  {
    title: 'bare @flow imported from prefect',
    source: python(`
      from prefect import flow

      @flow
      def etl():
          pass
    `),
    flows: ['etl@4'],
  },
  {
    title: 'called @flow(...) spread over lines',
    source: python(`
      from prefect import flow

      @flow(
          name="etl",
          retries=2,
      )
      def etl():
          pass
    `),
    flows: ['etl@7'],
  },
  {
    title: '@prefect.flow and @prefect.flow(...)',
    source: python(`
      import prefect

      @prefect.flow
      def a(): pass

      @prefect.flow(log_prints=True)
      def b(): pass
    `),
    flows: ['a@4', 'b@7'],
  },
  {
    title: 'an alias: from prefect import flow as f',
    source: python(`
      from prefect import task, flow as f

      @f
      def a(): pass
    `),
    flows: ['a@4'],
  },
  {
    title: 'a module alias: import prefect as pf',
    source: python(`
      import prefect as pf

      @pf.flow(name="x")
      def a(): pass
    `),
    flows: ['a@4'],
  },
  {
    title: 'from prefect.flows import flow, and from prefect.main import flow',
    source: python(`
      from prefect.flows import flow
      from prefect.main import flow as main_flow

      @flow
      def a(): pass

      @main_flow
      def b(): pass
    `),
    flows: ['a@5', 'b@8'],
  },
  {
    title: 'import prefect.flows binds prefect: both spellings work',
    source: python(`
      import prefect.flows

      @prefect.flows.flow
      def a(): pass

      @prefect.flow
      def b(): pass
    `),
    flows: ['a@4', 'b@7'],
  },
  {
    title: 'the flows module imported or aliased',
    source: python(`
      from prefect import flows
      import prefect.flows as pflows

      @flows.flow
      def a(): pass

      @pflows.flow()
      def b(): pass
    `),
    flows: ['a@5', 'b@8'],
  },
  {
    title: 'a star import from prefect',
    source: python(`
      from prefect import *

      @flow
      def a(): pass
    `),
    flows: ['a@4'],
  },
  {
    title: 'a parenthesised multi-line import and a statement group',
    source: python(`
      from prefect import (
          task,
          flow as prefect_flow,
      ); import os

      @prefect_flow
      def a(): pass
    `),
    flows: ['a@7'],
  },
  {
    title: 'async def',
    source: python(`
      from prefect import flow

      @flow
      async def fetch():
          pass
    `),
    flows: ['fetch@4 async'],
  },
  {
    title: 'methods: Class.method, nested classes, classmethods',
    source: python(`
      from prefect import flow

      class Pipelines:
          @flow
          def refresh(self): pass

          @flow(name="stock")
          @classmethod
          def stock(cls): pass

          class Inner:
              @flow
              async def deep(self): pass
    `),
    flows: ['Pipelines.refresh@5', 'Pipelines.stock@9', 'Pipelines.Inner.deep@13 async'],
  },
  {
    title: 'flows inside functions are listed but not deployable',
    source: python(`
      from prefect import flow

      def make():
          @flow
          def inner(): pass

          class Local:
              @flow
              def method(self): pass
          return inner
    `),
    flows: ['make.<locals>.inner@5 nested', 'make.<locals>.Local.method@9 nested'],
  },
  {
    title: 'an import inside a function binds flow for that function only',
    source: python(`
      def make():
          from prefect import flow

          @flow
          def inner(): pass

      @flow
      def outer(): pass
    `),
    flows: ['make.<locals>.inner@5 nested'],
  },
  {
    title: 'the line is the def line, below stacked decorators',
    source: python(`
      import functools
      from prefect import flow

      @functools.cache
      @flow(name="a")
      # a comment between decorators
      @functools.wraps(print)
      def a(): pass
    `),
    flows: ['a@8'],
  },
  {
    title: 'imports under if TYPE_CHECKING bind (every module-level import counts)',
    source: python(`
      from typing import TYPE_CHECKING
      if TYPE_CHECKING:
          from prefect import flow

      @flow
      def a(): pass
    `),
    flows: ['a@6'],
  },
  {
    title: 'try/except ImportError fallbacks keep Prefect meaning',
    source: python(`
      try:
          from prefect import flow
      except ImportError:
          def flow(fn):
              return fn
      finally:
          pass

      @flow
      def a(): pass
    `),
    flows: ['a@10'],
  },
  {
    title: 'if/else: a branch that binds Prefect flow wins over one that does not',
    source: python(`
      import sys
      if sys.version_info < (3, 9):
          flow = None
      elif sys.platform == "win32":
          from prefect.flows import flow
      else:
          from prefect import flow

      @flow
      def a(): pass
    `),
    flows: ['a@10'],
  },
  {
    title: 'aliases made by assignment',
    source: python(`
      import prefect
      my_flow = prefect.flow
      other = another = (my_flow)

      @my_flow
      def a(): pass

      @another(name="b")
      def b(): pass
    `),
    flows: ['a@6', 'b@9'],
  },
  {
    title: 'flows under if __name__ == "__main__" and in loops and with blocks are module-level',
    source: python(`
      from prefect import flow
      import contextlib

      with contextlib.suppress(Exception):
          @flow
          def a(): pass

      if __name__ == "__main__":
          @flow
          def b(): pass
    `),
    flows: ['a@6', 'b@10'],
  },
  {
    title: 'flows after a function full of code (its body is skipped, lines still right)',
    source: python(`
      from prefect import flow

      def helper(x):
          """Many lines.

          @flow in a docstring
          """
          total = 0
          for i in range(x):
              total += i  # @flow
          s = f"{x!r:>{10}} @flow {'{'}"
          return total

      @flow
      def after(): pass
    `),
    flows: ['after@15'],
  },
  {
    title: 'tab indentation, as Python counts it',
    source:
      'from prefect import flow\nclass A:\n\t@flow\n\tdef m(self, x: int = 1):\n\t\t"""Doc."""\n\t\tif x:\n\t\t\treturn 1\n\n\t@flow\n\tdef n(self):\n\t\tpass\n',
    flows: ['A.m@4', 'A.n@10'],
  },
];

export const NOT_RECOGNISED: RecognitionRow[] = [
  {
    title: '@task is not a flow',
    source: python(`
      from prefect import task, flow

      @task
      def t(): pass

      @prefect.task
      def u(): pass
    `),
    flows: [],
  },
  {
    title: 'a flow decorator from another library',
    source: python(`
      from airflow import flow
      from mylib.prefect import flow as pflow

      @flow
      def a(): pass

      @pflow
      def b(): pass
    `),
    flows: [],
  },
  {
    title: 'a local def flow rebinds the name from there on',
    source: python(`
      from prefect import flow

      @flow
      def before(): pass

      def flow(fn):
          return fn

      @flow
      def after(): pass
    `),
    flows: ['before@4'],
  },
  {
    title: 'an assignment, a del, a for target or a with target rebinds the name',
    source: python(`
      import contextlib
      from prefect import flow, flow as f2, flow as f3, flow as f4
      flow = contextlib.nullcontext
      del f2
      for f3 in []: pass
      with open("x") as f4: pass

      @flow
      def a(): pass

      @f2
      def b(): pass

      @f3
      def c(): pass

      @f4
      def d(): pass
    `),
    flows: [],
  },
  {
    title: '@flow in strings, comments and docstrings',
    source: python(`
      """Module docs.

      @flow
      def in_docstring(): ...
      """
      from prefect import flow
      # @flow
      # def commented(): pass
      CODE = """
      @flow
      def in_string(): pass
      """
      OTHER = '@flow\\ndef x(): pass'
    `),
    flows: [],
  },
  {
    title: 'no import of prefect: flow is not bound',
    source: python(`
      import prefect

      @flow
      def a(): pass
    `),
    flows: [],
  },
  {
    title: 'relative imports are the project\u2019s own code, even if named prefect',
    source: python(`
      from .prefect import flow
      from . import flow as f
      from ..deco import flow as g

      @flow
      def a(): pass

      @f
      def b(): pass

      @g
      def c(): pass
    `),
    flows: [],
  },
  {
    title: 'another prefect name imported as flow',
    source: python(`
      from prefect import task as flow

      @flow
      def a(): pass
    `),
    flows: [],
  },
  {
    title: 'a class attribute named flow shadows it inside the class body',
    source: python(`
      from prefect import flow

      class Jobs:
          flow = staticmethod(lambda fn: fn)

          @flow
          def a(self): pass

      @flow
      def b(): pass
    `),
    flows: ['b@10'],
  },
  {
    title: 'a parameter named flow shadows it inside the function',
    source: python(`
      from prefect import flow

      def make(flow):
          @flow
          def inner(): pass
    `),
    flows: [],
  },
  {
    title: 'prefect rebound to something else',
    source: python(`
      import prefect
      prefect = None

      @prefect.flow
      def a(): pass
    `),
    flows: [],
  },
  {
    title: 'attributes of the flow decorator are not the decorator',
    source: python(`
      from prefect import flow

      @flow.with_options(name="x")
      def a(): pass
    `),
    flows: [],
  },
];
