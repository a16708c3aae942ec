// What a scan keeps of the modules it read is an economy, never a difference: flows come out
// the same whether the modules they import from stay in memory or are read again each time.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PrefectFlowFinder } from '../../src/scanner/index.js';
import type { FlowScanResult } from '../../src/model/flow.js';
import { python } from './python-snippet.js';

let repo: string;

function write(relative: string, content: string): void {
  const absolute = path.join(repo, relative);
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, content);
}

function scan(keptModuleCharacters?: number): Promise<FlowScanResult> {
  const finder = new PrefectFlowFinder(keptModuleCharacters === undefined ? {} : { keptModuleCharacters });
  return finder.findFlows({ root: path.join(repo, 'flows'), repoRoot: repo, exclude: [] });
}

beforeEach(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'repository-modules-'));
  write('pyproject.toml', '[project]\nname = "pipelines"\n');
  write(
    'flows/shared/models.py',
    python(`
      from enum import Enum
      from pydantic import BaseModel, Field
      from .units import Unit

      class Region(str, Enum):
          EU = "eu"
          US = "us"

      class Config(BaseModel):
          region: Region = Region.EU
          unit: Unit
          limit: int = Field(default=10, ge=1)
    `),
  );
  write('flows/shared/units.py', 'from typing import Literal\nUnit = Literal["kg", "lb"]\n');
  write('flows/shared/constants.py', 'from typing import Final\nDEFAULT_LIMIT: Final = 25\n');
  write('flows/shared/__init__.py', 'from .models import Config as Settings\n');
  // Walked (and let go) before the flow module that imports its class.
  write(
    'flows/a_first.py',
    python(`
      from prefect import flow
      from pydantic import BaseModel
      from shared import Settings

      class Window(BaseModel):
          days: int = 7

      @flow
      def first(settings: Settings, window: Window): pass
    `),
  );
  write(
    'flows/b_second.py',
    python(`
      from prefect import flow
      from a_first import Window
      from shared.models import Config, Region
      from shared.units import Unit
      from shared.constants import DEFAULT_LIMIT

      @flow
      def second(window: Window, config: Config, region: Region = "us", unit: Unit = "kg", limit: int = DEFAULT_LIMIT): pass
    `),
  );
  write(
    'flows/nested/c_third.py',
    python(`
      from prefect import flow
      from ..shared.models import Config

      @flow
      def third(config: Config): pass
    `),
  );
});

afterEach(() => {
  rmSync(repo, { recursive: true, force: true });
});

describe('the modules a scan reads for their classes', () => {
  it('give the same flows whether they are kept or read again every time', async () => {
    const kept = await scan();
    const readAgain = await scan(0);
    expect(readAgain).toEqual(kept);
    expect(kept.warnings).toEqual([]);
    expect(kept.stats.filesParsed).toBe(3);
    const definitions = Object.fromEntries(
      kept.flows.map((flow) => [flow.name, Object.keys(flow.parameters.definitions ?? {}).sort()]),
    );
    expect(definitions).toEqual({
      first: ['Config', 'Region', 'Window'],
      second: ['Config', 'Region', 'Window'],
      third: ['Config', 'Region'],
    });
  });

  it('resolve a class of a flow module the walk has already let go, and a constant of another module', async () => {
    const { flows } = await scan(0);
    const second = flows.find((flow) => flow.name === 'second')!;
    expect(second.parameters.properties?.['limit']).toEqual({
      title: 'limit',
      position: 4,
      type: 'integer',
      default: 25,
    });
    expect(second.parameters.properties?.['window']).toEqual({
      title: 'window',
      position: 0,
      $ref: '#/definitions/Window',
    });
    expect(second.parameters.definitions?.['Window']).toEqual({
      title: 'Window',
      type: 'object',
      properties: { days: { title: 'Days', type: 'integer', default: 7 } },
    });
  });
});
