// Writes the find-flows benchmark tree: a deterministic, realistic Python monorepo (packages of
// modules with classes, functions, imports), Prefect flows in a fraction of files, decoys, and
// parameter models in modules of their own that flows import (relatively or through the project).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../test/support/seeded-random.js';

export interface BenchTreeSpec {
  files: number;
  /** Average file size the generator aims at. */
  averageBytes: number;
  seed: number;
}

const GENERATOR_VERSION = 5;

const WORDS = [
  'account',
  'batch',
  'cache',
  'customer',
  'daily',
  'event',
  'export',
  'feature',
  'invoice',
  'ledger',
  'metric',
  'order',
  'payment',
  'report',
  'record',
  'sales',
  'score',
  'session',
  'stock',
  'user',
];

class Writer {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  word(): string {
    return WORDS[this.int(WORDS.length)]!;
  }
  /** Log-normal-ish sizes around the average, between 1 KB and 8x the average. */
  size(average: number): number {
    const u = this.next() + this.next() + this.next();
    const factor = Math.exp((u - 1.5) * 1.6);
    return Math.max(1024, Math.min(average * 8, Math.round(average * factor * 0.83)));
  }
}

const PLAIN_HEADER = `"""Helpers for the %PKG% package.

This module holds data shaping code used by several pipelines (a workflow
engine calls them, but nothing here depends on one).
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional

logger = logging.getLogger(__name__)
`;

function fillerClass(w: Writer, n: number): string {
  const a = w.word();
  const b = w.word();
  return `

@dataclass
class ${cap(a)}${cap(b)}${n}:
    """A ${a} ${b} record as the upstream system sends it."""

    ${a}_id: int
    ${b}_name: str = ""
    tags: List[str] = field(default_factory=list)
    extra: Dict[str, Any] = field(default_factory=dict)

    def to_row(self) -> Dict[str, Any]:
        # Flatten for the warehouse; keep keys stable.
        row = {"${a}_id": self.${a}_id, "${b}_name": self.${b}_name}
        for index, tag in enumerate(self.tags):
            row[f"tag_{index}"] = tag.strip().lower()
        row.update({k: v for k, v in self.extra.items() if v is not None})
        return row

    @classmethod
    def from_json(cls, text: str) -> "${cap(a)}${cap(b)}${n}":
        data = json.loads(text)
        return cls(int(data["${a}_id"]), data.get("${b}_name", ""), list(data.get("tags", [])))
`;
}

function fillerFunction(w: Writer, n: number): string {
  const a = w.word();
  const b = w.word();
  return `

def ${a}_${b}_${n}(values: Iterable[int], limit: Optional[int] = None, scale: float = 1.5) -> List[float]:
    """Scale ${a} values for the ${b} report.

    Args:
        values: raw values.
        limit: stop after this many.
    """
    out: List[float] = []
    for index, value in enumerate(values):
        if limit is not None and index >= limit:
            break
        if value % 3 == 0:
            out.append(value * scale)
        elif value % 5 == 0:
            out.append(-value / scale)
        else:
            out.append(float(value))
    logger.debug("scaled %d ${a} values", len(out))
    return out if out else [0.0] * (limit or 1)
`;
}

function cap(word: string): string {
  return word[0]!.toUpperCase() + word.slice(1);
}

function pad(w: Writer, text: string, target: number, n: number): string {
  let out = text;
  let k = 0;
  while (out.length < target) {
    out += w.chance(0.4) ? fillerClass(w, n * 100 + k) : fillerFunction(w, n * 100 + k);
    k += 1;
  }
  return out;
}

/** Where a flow module finds the parameter models of its folder (see modelsModule). */
interface ModelsImport {
  /** `from .models import` for a module in the models' folder, `from .mod_3.models import` above it. */
  relative: string;
  /** The dotted path from the scan root's `src/`, which the root's pyproject.toml installs. */
  absolute: string;
}

/** The flow module styles the scanner must recognise; `i` makes every flow name unique. */
function flowModule(w: Writer, i: number, models: ModelsImport): string {
  const style = i % 6;
  const a = w.word();
  let head = `"""Prefect flows for ${a} (module ${i})."""\n`;
  let body = '';
  const params = `day: str = "2024-01-01", limit: int = 100, dry_run: bool = False, tags: Optional[List[str]] = None`;
  if (style === 0) {
    head += `from typing import List, Optional\n\nfrom prefect import flow, task\n\nfrom ${models.relative} import Mode, RunConfig\n`;
    body += `\n\n@task(retries=2)\ndef load_${a}_${i}(day: str) -> list:\n    return [day]\n`;
    body += `\n\n@flow\ndef ${a}_etl_${i}(config: RunConfig, mode: Mode = Mode.FAST, ${params}):\n    """Load ${a} for one day.\n\n    Args:\n        config: how the run behaves.\n        day: the day to load.\n        limit: at most this many rows.\n    """\n    return load_${a}_${i}(day)\n`;
    body += `\n\n@flow(name="${a}-backfill-${i}", log_prints=True)\nasync def ${a}_backfill_${i}(days: int = 7):\n    print("backfill")\n`;
  } else if (style === 1) {
    head += `from typing import List, Optional\nimport prefect\n\nfrom ${models.absolute} import Window\n`;
    body += `\n\n@prefect.flow(name="${a}-report-${i}")\ndef report_${i}(window: Window, ${params}):\n    """Build the ${a} report."""\n    return None\n`;
    body += `\n\nclass ${cap(a)}Pipelines${i}:\n    @prefect.flow\n    def refresh_${i}(self, full: bool = False):\n        return full\n`;
  } else if (style === 2) {
    head +=
      'from typing import List, Optional\nfrom prefect import flow as prefect_flow\nfrom prefect import task\n';
    body += `\n\n@prefect_flow(name="${a}-sync-${i}")\ndef sync_${i}(${params}):\n    return None\n`;
    body += `\n\ndef make_${i}():\n    @prefect_flow\n    def inner_${i}(x: int = 1):\n        return x\n    return inner_${i}\n`;
  } else if (style === 3) {
    head += `from typing import List, Optional\nimport prefect as pf\n\nfrom ${models.relative} import RunConfig as Settings\n`;
    body += `\n\n@pf.flow(description="Scores ${a}.")\nasync def score_${i}(settings: Optional[Settings] = None, ${params}):\n    return 1\n`;
  } else if (style === 4) {
    head += 'from typing import List, Optional\nfrom prefect.flows import flow\n';
    body += `\n\n@flow()\ndef export_${i}(${params}):\n    s = "@flow is in this string"\n    # @flow in a comment\n    return s\n`;
  } else {
    head += 'from typing import List, Optional\nimport prefect.flows\n';
    body += `\n\n@prefect.flows.flow\ndef archive_${i}(${params}):\n    return None\n`;
  }
  return head + body;
}

/**
 * The parameter models of one folder: never parsed by the walk (no `prefect` in it), read
 * only when a flow's annotation names one of its classes.
 */
function modelsModule(folder: string): string {
  return `"""Parameter models for the pipelines in ${folder}."""
from __future__ import annotations

import enum
from datetime import date
from typing import List, Optional

from pydantic import BaseModel, Field


class Mode(str, enum.Enum):
    FAST = "fast"
    FULL = "full"


class Window(BaseModel):
    """A range of days."""

    start: date
    days: int = Field(default=7, ge=1, description="How many days, from start.")


class RunConfig(BaseModel):
    """How one run behaves."""

    window: Window
    mode: Mode = Mode.FAST
    tags: List[str] = Field(default_factory=list)
    limit: Optional[int] = None
`;
}

/** Files that look like flow files but hold none. */
function decoyModule(i: number): string {
  switch (i % 4) {
    case 0:
      return `"""Tasks only; the flows live elsewhere (prefect)."""\nfrom prefect import task\n\n\n@task\ndef step_${i}():\n    """Not a @flow."""\n    return "@flow"\n`;
    case 1:
      return `# ported from prefect; this flow decorator is our own\nfrom airflow import flow\n\n\n@flow\ndef not_prefect_${i}():\n    return None\n`;
    case 2:
      return `from prefect import flow\n\n\ndef flow(fn):\n    return fn\n\n\n@flow\ndef rebound_${i}():\n    return None\n`;
    default:
      return `"""Docs mention @flow and prefect but define nothing.\n\n@flow\ndef example(): ...\n"""\nEXAMPLE = "from prefect import flow"\n`;
  }
}

export interface GeneratedTree {
  root: string;
  /** Python files the scan should read (the few planted in skipped folders are not counted). */
  files: number;
  bytes: number;
  reused: boolean;
}

/** Writes the tree under `root` unless a tree of the same spec is already there. */
export function generateBenchTree(root: string, spec: BenchTreeSpec): GeneratedTree {
  const marker = path.join(root, '.bench-tree.json');
  const wanted = JSON.stringify({ version: GENERATOR_VERSION, ...spec });
  if (existsSync(marker)) {
    const existing = JSON.parse(readFileSync(marker, 'utf8')) as {
      spec: string;
      files: number;
      bytes: number;
    };
    if (existing.spec === wanted) return { root, files: existing.files, bytes: existing.bytes, reused: true };
  }
  rmSync(root, { recursive: true, force: true });
  const w = new Writer(spec.seed);
  let bytes = 0;
  let files = 0;
  const write = (relative: string, text: string, counted = true): void => {
    const absolute = path.join(root, relative);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
    if (!counted) return;
    bytes += Buffer.byteLength(text);
    files += 1;
  };
  // The scan root is a project (`pip install -e .` finds its packages in src/).
  write('pyproject.toml', '[project]\nname = "bench-monorepo"\nversion = "0"\n', false);
  for (let i = 0; i < spec.files; i += 1) {
    const pkg = `pkg_${Math.floor(i / 400)}`;
    const sub = `mod_${Math.floor(i / 20) % 20}`;
    const target = w.size(spec.averageBytes);
    // The first file of each group of 20 is its folder's models module.
    if (i % 20 === 0) {
      write(`src/${pkg}/${sub}/models.py`, pad(w, modelsModule(`${pkg}/${sub}`), target, i));
      continue;
    }
    const inPackageRoot = i % 97 === 0;
    const models: ModelsImport = {
      relative: inPackageRoot ? `.${sub}.models` : '.models',
      absolute: `${pkg}.${sub}.models`,
    };
    let text: string;
    const kind = w.int(100);
    if (kind < 7) text = flowModule(w, i, models);
    else if (kind < 10) text = decoyModule(i);
    else text = PLAIN_HEADER.replace('%PKG%', pkg);
    const dir = inPackageRoot ? `src/${pkg}` : `src/${pkg}/${sub}`;
    write(`${dir}/m_${i}.py`, pad(w, text, target, i));
  }
  // Places the scanner must skip: a virtualenv and a cache, each holding a "flow".
  const skipped = `from prefect import flow\n\n\n@flow\ndef must_not_be_found():\n    return None\n`;
  write('.venv/lib/python3.11/site-packages/vendored/flows.py', skipped, false);
  write('.venv/pyvenv.cfg', 'home = /usr/bin\n', false);
  write('tools/env/pyvenv.cfg', 'home = /usr/bin\n', false);
  write('tools/env/lib/helper_flows.py', skipped, false);
  write('src/__pycache__/stale.py', skipped, false);
  writeFileSync(marker, JSON.stringify({ spec: wanted, files, bytes }));
  return { root, files, bytes, reused: false };
}
