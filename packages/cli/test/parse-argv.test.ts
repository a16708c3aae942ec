import { describe, expect, it } from '@jest/globals';
import { InputError } from '@portal-actions/core';
import type { ActionManifest } from '../src/action-manifest.js';
import { findCommand } from '../src/commands/index.js';
import { flagSpecs } from '../src/flags/flag-specs.js';
import { parseArgv } from '../src/flags/parse-argv.js';
import { ACTION_MANIFESTS } from '../src/generated/action-manifests.js';
import { UsageError } from '../src/usage-error.js';

const deploy = findCommand('deploy')!;
const promote = findCommand('promote')!;
const parse = (
  command: typeof deploy,
  args: string[],
  manifest: ActionManifest = ACTION_MANIFESTS[command.name]!,
) => parseArgv(command.name, args, manifest, flagSpecs(manifest, command.aliases));

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('flags to raw inputs', () => {
  it('fills every input of the manifest, flags over defaults', () => {
    const { raw, common } = parse(deploy, ['--env', 'dev', '--concurrency=4', '--json']);
    const manifest = ACTION_MANIFESTS.deploy!;
    expect(Object.keys(raw)).toEqual(manifest.inputs.map((input) => input.name));
    expect(raw).toMatchObject({
      env: 'dev',
      concurrency: '4',
      flows: 'all',
      config: '.acme-portal.yml',
      'dry-run': 'false',
    });
    expect(common).toEqual({ json: true, help: false });
  });

  it('takes a boolean flag alone as true, and --no-<flag> or an explicit value', () => {
    expect(parse(deploy, ['--dry-run', '--env', 'dev']).raw['dry-run']).toBe('true');
    expect(parse(deploy, ['--dry-run', 'false']).raw['dry-run']).toBe('false');
    expect(parse(deploy, ['--dry-run=false']).raw['dry-run']).toBe('false');
    expect(parse(deploy, ['--no-prune']).raw.prune).toBe('false');
    expect(usageError(() => parse(deploy, ['--no-env'])).message).toContain('Unknown flag --no-env');
  });

  it("maps aps-prefect-deploy's flags, with one or two dashes, onto the inputs of the same meaning", () => {
    const { raw } = parse(deploy, [
      '-env=dev',
      '-branch-name',
      'feature',
      '-commit-hash',
      'abc1234',
      '-image-uri',
      'img:1',
      '--flows-to-deploy',
      'a,b',
      '-project-name',
      'proj',
      '-package-version',
      '1.2',
    ]);
    expect(raw).toMatchObject({
      env: 'dev',
      branch: 'feature',
      'commit-sha': 'abc1234',
      image: 'img:1',
      flows: 'a,b',
      'project-name': 'proj',
      'package-version': '1.2',
    });
    // In the seed's promote, -env is the environment promoted into.
    expect(parse(promote, ['-source-env', 'dev', '-env', 'prod']).raw).toMatchObject({
      'source-env': 'dev',
      'target-env': 'prod',
    });
  });

  it('refuses what it cannot run, saying why', () => {
    expect(usageError(() => parse(deploy, ['--evn', 'dev'])).message).toBe(
      'Unknown flag --evn for deploy. Did you mean --env?',
    );
    expect(usageError(() => parse(deploy, ['--env'])).message).toBe('--env needs a value.');
    expect(usageError(() => parse(deploy, ['--env', '--dry-run'])).message).toBe('--env needs a value.');
    expect(usageError(() => parse(deploy, ['--branch', 'a', '-branch-name', 'b'])).message).toContain(
      '--branch was given twice (as --branch and --branch-name)',
    );
    expect(usageError(() => parse(deploy, ['dev'])).message).toContain('Unexpected argument "dev"');
    expect(usageError(() => parse(deploy, ['-ver-number', '3'])).message).toContain('--env-vars-command');
    expect(usageError(() => parse(deploy, ['--evn', 'dev'])).hint).toBe(
      'Run `acme-portal deploy --help` for its flags.',
    );
  });

  it('passes GitHub-only inputs as empty, whatever their default, and has no flag for them', () => {
    const manifest: ActionManifest = {
      ...ACTION_MANIFESTS.deploy!,
      inputs: [
        ...ACTION_MANIFESTS.deploy!.inputs,
        { name: 'comment', description: 'c', default: 'true', required: false, githubOnly: true },
      ],
    };
    expect(parse(deploy, [], manifest).raw.comment).toBe('');
    expect(usageError(() => parse(deploy, ['--comment'], manifest)).message).toContain(
      'Unknown flag --comment',
    );
  });
});

describe("flags through the action's own schema", () => {
  const naming = { name: (input: string) => `--${input}`, title: 'Invalid flag', hint: 'h' };

  it('gives the same typed inputs as the runner would', () => {
    const inputs = deploy.parse(
      parse(deploy, ['--env', 'dev', '--flows', 'a, b', '--dry-run']).raw,
      naming,
    ) as {
      env: string;
      flows: string[];
      'dry-run': boolean;
      concurrency: number;
    };
    expect(inputs).toMatchObject({ env: 'dev', flows: ['a', 'b'], 'dry-run': true, concurrency: 8 });
  });

  it("reports the action's validation message under the flag's name", () => {
    const run = () => deploy.parse(parse(deploy, ['--env', 'dev', '--commit-sha', 'xyz']).raw, naming);
    expect(run).toThrow(InputError);
    expect(run).toThrow('Invalid flag: --commit-sha must be a commit SHA (7 to 64 hex digits) (got "xyz").');
  });
});

describe('a repeatable flag (init --from)', () => {
  const init = findCommand('init')!;
  it('joins the values given several times with newlines, as a list input reads them', () => {
    const { raw } = parse(
      init,
      ['--from', 'a/prefect.yaml', '--from=b/prefect.yaml', '--dry-run'],
      init.manifest,
    );
    expect(raw.from).toBe('a/prefect.yaml\nb/prefect.yaml');
    expect(raw['dry-run']).toBe('true');
    expect(raw.workflows).toBe('test,container,deploy,promote');
  });

  it('still refuses any other flag given twice', () => {
    expect(
      usageError(() => parse(init, ['--envs', 'dev,prod', '--envs', 'a,b'], init.manifest)).message,
    ).toContain('--envs was given twice');
  });

  it('refuses one environment, or a name deploy would refuse, through the schema', () => {
    const naming = { name: (input: string) => `--${input}`, title: 'Invalid flag', hint: '' };
    const { raw } = parse(init, ['--envs', 'dev'], init.manifest);
    expect(() => init.parse(raw, naming)).toThrow(/--envs.*names one environment/);
    const bad = parse(init, ['--envs', 'dev,pr od'], init.manifest);
    expect(() => init.parse(bad.raw, naming)).toThrow(/"pr od" is not a valid environment name/);
  });
});
