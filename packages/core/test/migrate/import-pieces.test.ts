// The pieces of the import, one table each: Prefect's templates, intervals, environment words,
// entrypoints read from two folders, grouping, and the Dockerfile's WORKDIR.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  ENVIRONMENT_NAME,
  envTemplateToConfig,
  environmentWordIn,
  groupDeployments,
  intervalSeconds,
  lastWorkdir,
  matchEntrypoint,
  prefectFlowName,
  readPrefectYaml,
  templatesIn,
  type Flow,
} from '../../src/index.js';
import { distinctParts, variantNameFor } from '../../src/migrate/deployment-groups.js';

describe("Prefect's {{ }} templates", () => {
  it.each([
    ['{{ $HOME }}', 'env'],
    ['{{ prefect.variables.x }}', 'variable'],
    ['{{ prefect.blocks.secret.token }}', 'block'],
    ['{{ build-image.image }}', 'step'],
    ['{{ ctx.flow_run.id }}', 'runtime'],
  ])('%s is a %s template', (text, kind) => {
    expect(templatesIn(`a ${text} b`).map((use) => use.kind)).toEqual([kind]);
  });

  it.each([
    ['{{ $TOKEN }}', '${TOKEN}'],
    ['Bearer {{$TOKEN}}!', 'Bearer ${TOKEN}!'],
    ['plain', 'plain'],
    ['keeps ${LITERAL}', 'keeps $${LITERAL}'],
    ['{{ prefect.variables.x }}', null],
  ])('%j becomes %j in our env', (text, expected) => {
    expect(envTemplateToConfig(text)).toBe(expected);
  });
});

describe('intervals as pydantic reads a timedelta', () => {
  it.each([
    [3600, 3600],
    ['3600', 3600],
    ['01:30:00', 5400],
    ['1 day, 0:00:10', 86410],
    ['PT1H', 3600],
    ['P1DT2H', 93600],
    ['soon', null],
    [0, null],
  ])('%j is %j seconds', (value, seconds) => {
    expect(intervalSeconds(value)).toBe(seconds);
  });
});

describe('environment words in names', () => {
  it.each([
    ['etl-dev', 'dev'],
    ['etl--PROD', 'prod'],
    ['staging_etl', 'staging'],
    ['etl-daily', null],
    ['dev-to-prod', null],
    ['develop', null],
  ])('%s -> %j', (name, word) => {
    expect(environmentWordIn(name)).toBe(word);
  });
});

const flow = (entrypoint: string, name = entrypoint.split(':')[1]!, originalName = name): Flow => {
  const file = entrypoint.split(':')[0]!;
  const module = file.replace(/\.py$/, '').split('/').join('.');
  return {
    name,
    original_name: originalName,
    description: '',
    id: entrypoint,
    source_path: `/repo/${file}`,
    source_relative: file,
    line_number: 1,
    grouping: [],
    child_attributes: {
      obj_name: entrypoint.split(':')[1]!,
      module,
      import_path: `${module}.${entrypoint.split(':')[1]!}`,
    },
    entrypoint,
    is_async: false,
    deployable: true,
    parameters: { title: 'Parameters', type: 'object', properties: {} },
  };
};

describe('entrypoints read from the file folder and from the repository root', () => {
  const flows = [flow('pipelines/a/flow.py:main'), flow('flow.py:main'), flow('flows/etl.py:etl')];
  it.each([
    ['flow.py:main', 'pipelines/a', 'pipelines/a/flow.py:main', 'file-folder', 'flow.py:main'],
    ['pipelines/a/flow.py:main', 'pipelines/a', 'pipelines/a/flow.py:main', 'repository-root', null],
    ['./flows/etl.py:etl', '', 'flows/etl.py:etl', 'both', null],
    ['flows.etl.etl', '', 'flows/etl.py:etl', 'both', null],
    ['etl.etl', 'flows', 'flows/etl.py:etl', 'file-folder', null],
  ])('%s in %j -> %s (%s)', (entrypoint, folder, found, base, other) => {
    const match = matchEntrypoint(entrypoint, folder, flows);
    expect(match.flow?.entrypoint).toBe(found);
    expect('base' in match && match.base).toBe(base);
    expect('other' in match ? (match.other?.entrypoint ?? null) : null).toBe(other);
  });

  it('names the closest flows when none matches', () => {
    expect(matchEntrypoint('flows/etl.py:elt', '', flows)).toEqual({
      flow: null,
      closest: ['flows/etl.py:etl'],
    });
  });

  it("names a flow as Prefect does: name=, else the function's name with hyphens", () => {
    expect(prefectFlowName(flow('a.py:load_sales'))).toBe('load-sales');
    expect(prefectFlowName(flow('a.py:load', 'etl_daily', 'etl-daily'))).toBe('etl-daily');
  });
});

describe('several deployments of one flow', () => {
  const member = (oldName: string, settings: Record<string, unknown>, workPool: string | null = null) => ({
    oldName,
    workPool,
    settings,
  });
  it('are environments when the names differ only by an environment word', () => {
    const group = groupDeployments([
      member('etl-dev', { paused: true, tags: ['a'] }),
      member('etl-prod', { tags: ['a'] }),
    ]);
    expect(group.kind).toBe('environments');
    if (group.kind !== 'environments') return;
    expect(group.common).toEqual({ tags: ['a'] });
    expect([...group.perEnvironment].map(([env, own]) => [env, own.settings])).toEqual([
      ['dev', { paused: true }],
      ['prod', {}],
    ]);
    expect(group.differing).toEqual(['paused']);
  });

  it('are environments by work pool when the names say nothing', () => {
    const group = groupDeployments([member('nightly', {}, 'k8s-staging'), member('big', {}, 'k8s-prod')]);
    expect(group.kind === 'environments' && group.by).toBe('work pool');
  });

  it('are variants otherwise, named by what sets their names apart', () => {
    const group = groupDeployments([member('report-eu', { a: 1 }), member('report-us', { a: 2 })]);
    expect(group.kind === 'variants' && [...group.perVariant.keys()]).toEqual(['eu', 'us']);
    expect(groupDeployments([member('etl-dev-eu', {}), member('etl-prod', {})]).kind).toBe('variants');
  });

  it('variant names are always valid and distinct (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 2, maxLength: 5 }),
        (names) => {
          const taken = new Set<string>();
          for (const name of distinctParts(names)) {
            const variant = variantNameFor(name, taken);
            expect(ENVIRONMENT_NAME.test(variant)).toBe(true);
            expect(taken.has(variant)).toBe(false);
            taken.add(variant);
          }
        },
      ),
    );
  });
});

describe('prefect.yaml sections', () => {
  it('reads aliases, merges, a single-step mapping and a deployment replacing the file-level pull', () => {
    const file = readPrefectYaml(
      [
        'pull:',
        '  prefect.deployments.steps.set_working_directory: {directory: /a}',
        'definitions:',
        '  base: &base {tags: [x]}',
        'deployments:',
        '  - {name: one, entrypoint: a.py:f, <<: *base}',
        '  - {name: two, entrypoint: a.py:f, pull: []}',
        '  - {name: three, entrypoint: a.py:f, pull: null}',
        '',
      ].join('\n'),
      'sub/prefect.yaml',
    );
    expect(file.folder).toBe('sub');
    expect(file.deployments.map((each) => [each.name, each.fields.tags, each.pull?.steps.length])).toEqual([
      ['one', ['x'], 1],
      ['two', undefined, 0],
      ['three', undefined, 1],
    ]);
    expect(file.deployments[0]!.at(['tags'])).toEqual({ file: 'sub/prefect.yaml', line: 4, column: 16 });
  });
});

describe("the Dockerfile's last WORKDIR", () => {
  it.each([
    ['FROM x\nWORKDIR /app\n', '/app'],
    ['FROM x\nWORKDIR /opt\nWORKDIR code\n', '/opt/code'],
    ['FROM x\nARG DIR=/opt/prefect/p\nWORKDIR ${DIR}\n', '/opt/prefect/p'],
    ['FROM x\nENV HOME_DIR /srv\nWORKDIR $HOME_DIR/app\n', '/srv/app'],
    ['FROM x AS build\nWORKDIR /build\nFROM y\nWORKDIR "/run"\n', '/run'],
    ['FROM x\n', null],
  ])('%j -> %j', (dockerfile, workdir) => {
    expect(lastWorkdir(dockerfile)).toBe(workdir);
  });
});
