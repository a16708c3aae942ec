// The example project (examples/) is what the demo and the end-to-end tests deploy: its exact
// flow list, scanned as its own repository, is pinned here.
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrefectFlowFinder } from '../../src/scanner/index.js';

const examples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples');

describe('the example project', () => {
  it('holds exactly these flows, and no decoy', async () => {
    const result = await new PrefectFlowFinder().findFlows({
      root: examples,
      repoRoot: examples,
      exclude: [],
    });
    expect(result.warnings).toEqual([]);
    expect(
      result.flows.map((flow) => [
        flow.name,
        flow.original_name,
        flow.entrypoint,
        flow.line_number,
        flow.is_async,
      ]),
    ).toEqual([
      ['hello_world', 'hello_world', 'flows/hello.py:hello_world', 14, false],
      ['stock_refresh', 'stock-refresh', 'flows/inventory/stock.py:StockPipelines.refresh', 13, false],
      ['inventory_sync', 'inventory-sync', 'flows/inventory/sync.py:sync_inventory', 9, true],
      [
        'cleanup_temp_files',
        'cleanup_temp_files',
        'flows/maintenance/cleanup.py:cleanup_temp_files',
        7,
        false,
      ],
      ['weekly_summary', 'weekly_summary', 'flows/reports/weekly.py:weekly_summary', 9, false],
      ['sales_backfill', 'sales-backfill', 'flows/sales/backfill.py:backfill', 11, true],
      ['sales_daily_report', 'sales-daily-report', 'flows/sales/daily.py:daily_report', 12, false],
    ]);
    expect(result.flows.every((flow) => flow.deployable)).toBe(true);
  });

  it('describes hello_world fully, as the deploy action will use it', async () => {
    const { flows } = await new PrefectFlowFinder().findFlows({
      root: examples,
      repoRoot: examples,
      exclude: [],
    });
    expect(flows.find((flow) => flow.name === 'hello_world')).toEqual({
      name: 'hello_world',
      original_name: 'hello_world',
      description:
        'Say hello and print the DEPLOYMENT_NAME this run was started from.\n\nArgs:\n    name: who to greet.',
      id: 'flows/hello.py:hello_world',
      source_path: path.join(examples, 'flows/hello.py'),
      source_relative: 'flows/hello.py',
      line_number: 14,
      grouping: ['flows'],
      child_attributes: {
        obj_name: 'hello_world',
        module: 'flows.hello',
        import_path: 'flows.hello.hello_world',
      },
      entrypoint: 'flows/hello.py:hello_world',
      is_async: false,
      deployable: true,
      parameters: {
        title: 'Parameters',
        type: 'object',
        properties: {
          name: {
            title: 'name',
            position: 0,
            description: 'who to greet.',
            type: 'string',
            default: 'world',
          },
        },
      },
    });
  });
});
