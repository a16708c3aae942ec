// The acme-portal VSCode extension's buttons run `gh workflow run deploy.yml -f flows-to-deploy=a,b`
// and `gh workflow run promote.yml -f flows-to-deploy=a,b -f source-env=dev -f target-env=prod`:
// both dispatches must be accepted by the templates and reach the actions as the extension meant.
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { actionStep, dispatch } from '../workflow-dispatch.js';

const template = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../action-templates/${name}`, import.meta.url)), 'utf8');

const SECRETS = {
  'secrets.PREFECT_API_URL': 'https://prefect.example/api',
  'secrets.PREFECT_API_KEY': 'pnu_key',
};

/** The inputs context as `inputs.<name>` keys, beside the secrets. */
const contextsOf = (inputs: Record<string, string>) => ({
  ...SECRETS,
  ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`inputs.${name}`, value])),
  'steps.image.outputs.ref': 'ghcr.io/acme/etl:abc',
  'steps.image.outputs.commit': 'abc',
});

describe("the VSCode extension's dispatches", () => {
  test('deploy.yml takes `-f flows-to-deploy=a,b` and deploys those flows to dev', () => {
    const text = template('deploy.yml');
    const run = dispatch(text, { 'flows-to-deploy': 'a,b' });

    expect(run.refusals).toEqual([]);
    const step = actionStep(text, 'deploy', contextsOf(run.inputs));
    expect(step.with).toMatchObject({ flows: 'a,b', env: 'dev' });
    expect(step.environment).toBe('dev');
  });

  test('promote.yml takes `-f flows-to-deploy=a,b -f source-env=dev -f target-env=prod`', () => {
    const text = template('promote.yml');
    const run = dispatch(text, { 'flows-to-deploy': 'a,b', 'source-env': 'dev', 'target-env': 'prod' });

    expect(run.refusals).toEqual([]);
    const step = actionStep(text, 'promote', contextsOf(run.inputs));
    expect(step.with).toMatchObject({
      flows: 'a,b',
      'source-env': 'dev',
      'target-env': 'prod',
      'dry-run': 'false',
    });
    expect(step.environment).toBe('prod');
  });

  test('a "Run workflow" with nothing given still deploys every flow, and promotes dev to prod', () => {
    const deploy = dispatch(template('deploy.yml'), {});
    const promote = dispatch(template('promote.yml'), {});
    expect([deploy.refusals, promote.refusals]).toEqual([[], []]);
    expect(actionStep(template('deploy.yml'), 'deploy', contextsOf(deploy.inputs)).with.flows).toBe('all');
    expect(actionStep(template('promote.yml'), 'promote', contextsOf(promote.inputs)).with).toMatchObject({
      flows: 'all',
      'source-env': 'dev',
      'target-env': 'prod',
    });
  });
});

describe('the dispatch check refuses what GitHub refuses', () => {
  test('an input the workflow does not declare (the names before flows-to-deploy)', () => {
    expect(dispatch(template('deploy.yml'), { flows: 'a' }).refusals).toEqual([
      'Unexpected inputs provided: ["flows"]',
    ]);
    expect(dispatch(template('promote.yml'), { source: 'dev', target: 'prod' }).refusals).toEqual([
      'Unexpected inputs provided: ["source","target"]',
    ]);
  });

  test('a value outside a choice', () => {
    expect(dispatch(template('promote.yml'), { 'target-env': 'staging' }).refusals).toEqual([
      "Provided value 'staging' for input 'target-env' not in the list of allowed values",
    ]);
  });
});
