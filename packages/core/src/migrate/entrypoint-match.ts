// Which scanned flow a prefect.yaml entrypoint names. `prefect deploy` reads entrypoints relative
// to the folder it runs in: the file's own folder, or (with --prefect-file) often the repository
// root. Both are tried; the answer says which matched.
import { posix } from 'node:path';
import type { Flow } from '../model/flow.js';
import { closestNames } from '../naming/closest-names.js';

/** Where the entrypoint was read from: the prefect.yaml's folder, the repository root, or both alike. */
export type EntrypointBase = 'file-folder' | 'repository-root' | 'both';

export type EntrypointMatch =
  { flow: Flow; base: EntrypointBase; other: Flow | null } | { flow: null; closest: string[] };

function normalisePath(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/'));
  return normal === '.' ? '' : normal.replace(/^\.\//, '');
}

/** `path.py:func` or the module form `package.module.func`, as flow entrypoints / import paths. */
function candidates(entrypoint: string, base: string): { entrypoint?: string; importPath?: string } {
  if (entrypoint.includes(':')) {
    const cut = entrypoint.lastIndexOf(':');
    const file = normalisePath(posix.join(base, entrypoint.slice(0, cut)));
    return file.startsWith('..') ? {} : { entrypoint: `${file}:${entrypoint.slice(cut + 1)}` };
  }
  const prefix = base === '' ? '' : `${base.split('/').join('.')}.`;
  return { importPath: `${prefix}${entrypoint}` };
}

function findAt(flows: readonly Flow[], entrypoint: string, base: string): Flow | null {
  const wanted = candidates(entrypoint, base);
  return (
    flows.find(
      (flow) =>
        (wanted.entrypoint !== undefined && flow.entrypoint === wanted.entrypoint) ||
        (wanted.importPath !== undefined && flow.child_attributes.import_path === wanted.importPath),
    ) ?? null
  );
}

/**
 * The flow `entrypoint` names, read against `folder` (the prefect.yaml's, relative to the
 * repository root) and against the root. `flows` were scanned from the repository root.
 */
export function matchEntrypoint(entrypoint: string, folder: string, flows: readonly Flow[]): EntrypointMatch {
  const inFolder = folder === '' ? null : findAt(flows, entrypoint, folder);
  const atRoot = findAt(flows, entrypoint, '');
  if (inFolder && atRoot) {
    return inFolder === atRoot
      ? { flow: inFolder, base: 'both', other: null }
      : { flow: inFolder, base: 'file-folder', other: atRoot };
  }
  if (inFolder) return { flow: inFolder, base: 'file-folder', other: null };
  if (atRoot) return { flow: atRoot, base: folder === '' ? 'both' : 'repository-root', other: null };
  const functionName = entrypoint.split(/[:.]/).at(-1) ?? entrypoint;
  const byName = closestNames(
    functionName,
    flows.map((flow) => flow.child_attributes.obj_name.split('.').at(-1)!),
  );
  const byPath = closestNames(
    entrypoint,
    flows.map((flow) => flow.entrypoint),
  );
  const closest = [
    ...new Set([
      ...flows
        .filter((flow) => byName.includes(flow.child_attributes.obj_name.split('.').at(-1)!))
        .map((flow) => flow.entrypoint),
      ...byPath,
    ]),
  ].slice(0, 3);
  return { flow: null, closest };
}

/** The flow's name as Prefect registers it: `name=`, else the function name with `_` made `-`. */
export function prefectFlowName(flow: Flow): string {
  const functionName = flow.child_attributes.obj_name.split('.').at(-1)!;
  return flow.original_name === functionName ? functionName.replace(/_/g, '-') : flow.original_name;
}
