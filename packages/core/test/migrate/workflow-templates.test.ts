// The templates init copies, fitted to the repository: the lines GitHub reads change, the
// comments quoting them do not, and the result is still YAML of the same shape.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fitTemplate } from '../../src/index.js';

const template = (file: string) =>
  readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'action-templates', file), 'utf8');
const fit = {
  testWorkflow: 'CI: tests',
  containerWorkflow: 'Build image',
  environments: ['dev', 'staging', 'prod'],
};

describe('workflow templates fitted to the repository', () => {
  it("container waits for the repository's own test workflow", () => {
    const text = fitTemplate('container', template('container.yml'), fit);
    expect(
      (parse(text) as { on: { workflow_run: { workflows: string[] } } }).on.workflow_run.workflows,
    ).toEqual(['CI: tests']);
    expect(text).toContain('#   - `workflows: [test]` must match');
  });

  it('deploy waits for its container workflow and offers every environment but the last', () => {
    const text = fitTemplate('deploy', template('deploy.yml'), fit);
    const workflow = parse(text) as {
      on: {
        workflow_run: { workflows: string[] };
        workflow_dispatch: { inputs: { environment: { options: string[]; default: string } } };
      };
      jobs: { deploy: { environment: string } };
    };
    expect(workflow.on.workflow_run.workflows).toEqual(['Build image']);
    expect(workflow.on.workflow_dispatch.inputs.environment).toMatchObject({
      options: ['dev', 'staging'],
      default: 'dev',
    });
    expect(workflow.jobs.deploy.environment).toBe("${{ inputs.environment || 'dev' }}");
  });

  it('promote offers sources and targets in promotion order', () => {
    const inputs = (
      parse(fitTemplate('promote', template('promote.yml'), fit)) as {
        on: { workflow_dispatch: { inputs: Record<string, { options?: string[]; default?: string }> } };
      }
    ).on.workflow_dispatch.inputs;
    expect(inputs['source-env']).toMatchObject({ options: ['dev', 'staging'], default: 'dev' });
    expect(inputs['target-env']).toMatchObject({ options: ['staging', 'prod'], default: 'prod' });
  });

  it('leaves a template as it is when the repository matches it', () => {
    const same = { testWorkflow: null, containerWorkflow: null, environments: ['dev', 'tst', 'prod'] };
    for (const name of ['container', 'deploy', 'promote'] as const)
      expect(fitTemplate(name, template(`${name}.yml`), same)).toBe(template(`${name}.yml`));
  });
});
