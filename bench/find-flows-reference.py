"""The find-flows benchmark's baseline: CPython's own `ast` parses and walks every Python file
of the tree, applying the scanner's recognition rules, over a pool of worker processes.

Usage: python3 bench/find-flows-reference.py ROOT [--jobs N]
Prints one JSON object: files, bytes, flows [[name, entrypoint, line, deployable]], seconds,
cpu_seconds and peak RSS. The bench tree has no .gitignore and no excludes, so this reference
implements only the built-in folder skips (the same list as the scanner).
"""

import argparse
import ast
import json
import os
import resource
import sys
import time
from multiprocessing import Pool

SKIPPED_DIRECTORIES = {
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", ".eggs", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints", "__pycache__", "node_modules",
    "site-packages",
}
FLOW_DECORATORS = {"prefect.flow", "prefect.flows.flow", "prefect.main.flow"}
STAR_EXPORTS = {
    "prefect": ["flow", "task", "Flow", "Task"],
    "prefect.flows": ["flow", "Flow"],
    "prefect.main": ["flow", "task", "Flow", "Task"],
}


class Scope:
    def __init__(self, kind, parent):
        self.kind = kind
        self.parent = parent
        self.names = {}

    def lookup(self, name):
        if name in self.names:
            return self.names[name]
        scope = self.parent
        while scope is not None:
            if scope.kind != "class" and name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return "builtins." + name

    def resolve(self, dotted):
        base = self.lookup(dotted[0])
        if base is None:
            return None
        return ".".join([base] + dotted[1:])

    def alternatives(self, paths):
        start = self.names
        outcomes = []
        for path in paths:
            self.names = dict(start)
            path()
            outcomes.append(self.names)
        merged = dict(start)
        changed = set()
        for outcome in outcomes:
            for name, binding in outcome.items():
                if name not in start or start[name] != binding:
                    changed.add(name)
        for name in changed:
            result = "unset"
            for outcome in outcomes:
                if name not in outcome:
                    continue
                binding = outcome[name]
                if binding is not None:
                    result = binding
                elif result == "unset":
                    result = None
            if result != "unset":
                merged[name] = result
        self.names = merged


def dotted_name(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return list(reversed(parts))


def target_names(node):
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [name for element in node.elts for name in target_names(element)]
    if isinstance(node, ast.Starred):
        return target_names(node.value)
    return []


class ModuleReader:
    def __init__(self, relative):
        self.relative = relative
        self.flows = []
        self.deferred = []

    def read(self, tree):
        self.block(tree.body, Scope("module", None), [], False)
        while self.deferred:
            self.deferred.pop(0)()
        return self.flows

    def block(self, statements, scope, path, in_function):
        for statement in statements:
            self.statement(statement, scope, path, in_function)

    def statement(self, node, scope, path, in_function):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if alias.asname:
                    scope.names[alias.asname] = alias.name
                else:
                    scope.names[parts[0]] = parts[0]
        elif isinstance(node, ast.ImportFrom):
            module = None if node.level else node.module
            for alias in node.names:
                if alias.name == "*":
                    for exported in STAR_EXPORTS.get(module, []) if module else []:
                        scope.names[exported] = module + "." + exported
                else:
                    binding = None if module is None else module + "." + alias.name
                    scope.names[alias.asname or alias.name] = binding
        elif isinstance(node, ast.Assign):
            dotted = dotted_name(node.value)
            value = scope.resolve(dotted) if dotted else None
            for target in node.targets:
                if isinstance(target, ast.Name):
                    scope.names[target.id] = value
                else:
                    for name in target_names(target):
                        scope.names[name] = None
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None and isinstance(node.target, ast.Name):
                dotted = dotted_name(node.value)
                scope.names[node.target.id] = scope.resolve(dotted) if dotted else None
        elif isinstance(node, ast.AugAssign):
            if isinstance(node.target, ast.Name):
                scope.names[node.target.id] = None
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    scope.names[target.id] = None
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.function(node, scope, path, in_function)
        elif isinstance(node, ast.ClassDef):
            self.block(node.body, Scope("class", scope), path + [node.name], in_function)
            scope.names[node.name] = None
        elif isinstance(node, ast.If):
            scope.alternatives([
                lambda: self.block(node.body, scope, path, in_function),
                lambda: self.block(node.orelse, scope, path, in_function),
            ])
        elif isinstance(node, ast.Try) or type(node).__name__ == "TryStar":
            def success():
                self.block(node.body, scope, path, in_function)
                self.block(node.orelse, scope, path, in_function)
            handlers = [
                (lambda handler: lambda: self.block(handler.body, scope, path, in_function))(handler)
                for handler in node.handlers
            ]
            scope.alternatives([success] + handlers)
            self.block(node.finalbody, scope, path, in_function)
        elif isinstance(node, ast.Match):
            cases = [
                (lambda case: lambda: self.block(case.body, scope, path, in_function))(case)
                for case in node.cases
            ]
            scope.alternatives(cases + [lambda: None])
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            for name in target_names(node.target):
                scope.names[name] = None
            self.block(node.body, scope, path, in_function)
            self.block(node.orelse, scope, path, in_function)
        elif isinstance(node, ast.While):
            self.block(node.body, scope, path, in_function)
            self.block(node.orelse, scope, path, in_function)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    for name in target_names(item.optional_vars):
                        scope.names[name] = None
            self.block(node.body, scope, path, in_function)

    def function(self, node, scope, path, in_function):
        decorator = None
        for candidate in node.decorator_list:
            expression = candidate.func if isinstance(candidate, ast.Call) else candidate
            dotted = dotted_name(expression)
            if dotted and scope.resolve(dotted) in FLOW_DECORATORS:
                decorator = candidate
                break
        if decorator is not None:
            name = node.name
            if isinstance(decorator, ast.Call):
                for keyword in decorator.keywords:
                    if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                        if isinstance(keyword.value.value, str) and keyword.value.value:
                            name = keyword.value.value
            qualname = ".".join(path + [node.name])
            self.flows.append([name.replace("-", "_"), self.relative + ":" + qualname, node.lineno, not in_function])
        scope.names[node.name] = None

        def body():
            local = Scope("function", scope)
            arguments = node.args
            for argument in arguments.posonlyargs + arguments.args + arguments.kwonlyargs:
                local.names[argument.arg] = None
            for argument in (arguments.vararg, arguments.kwarg):
                if argument is not None:
                    local.names[argument.arg] = None
            self.block(node.body, local, path + [node.name, "<locals>"], True)

        self.deferred.append(body)


def scan(job):
    absolute, relative = job
    with open(absolute, "rb") as handle:
        source = handle.read()
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return len(source), [], 1
    return len(source), ModuleReader(relative).read(tree), 0


def python_files(root):
    for directory, folders, files in os.walk(root):
        if directory != root and ("pyvenv.cfg" in files or "conda-meta" in folders):
            folders[:] = []
            continue
        folders[:] = sorted(
            name for name in folders if name not in SKIPPED_DIRECTORIES and not name.endswith(".egg-info")
        )
        for name in sorted(files):
            if name.endswith(".py"):
                absolute = os.path.join(directory, name)
                yield absolute, os.path.relpath(absolute, root).replace(os.sep, "/")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    options = parser.parse_args()
    started = time.perf_counter()
    cpu_started = time.process_time()
    jobs = list(python_files(options.root))
    flows = []
    total_bytes = 0
    unparsable = 0
    if options.jobs > 1:
        with Pool(options.jobs) as pool:
            results = pool.imap_unordered(scan, jobs, chunksize=64)
            for size, found, failed in results:
                total_bytes += size
                flows.extend(found)
                unparsable += failed
    else:
        for job in jobs:
            size, found, failed = scan(job)
            total_bytes += size
            flows.extend(found)
            unparsable += failed
    seconds = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    flows.sort(key=lambda flow: (flow[1].split(":")[0], flow[2]))
    json.dump({
        "files": len(jobs),
        "bytes": total_bytes,
        "unparsable": unparsable,
        "flows": flows,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu_started + children.ru_utime + children.ru_stime,
        "jobs": options.jobs,
        "peak_rss_kb": {"main": own.ru_maxrss, "largest_worker": children.ru_maxrss},
    }, sys.stdout)


if __name__ == "__main__":
    main()
