// Deploy and promote against older servers: only the fields each version accepts are sent
// (unknown keys are a 422), and a re-run is still recognised as unchanged.
import { afterAll, expect } from '@jest/globals';
import { startFakePrefect } from '../../fake-prefect/index.js';
import { deploy, newScenario, promote } from '../action-run.js';
import { removeExampleCopies } from '../example-project.js';
import { EXAMPLE_POOL, itOnFake } from '../prefect-under-test.js';

afterAll(() => removeExampleCopies());

const statuses = (outcomes: { status: string }[]) => [...new Set(outcomes.map((outcome) => outcome.status))];

itOnFake.each(['2.20.0', '3.0.0', '3.1.0', '3.4.0'])(
  'Prefect %s: deploy creates then finds everything unchanged; promote likewise',
  async (version) => {
    const prefect = await startFakePrefect({ version });
    try {
      prefect.addWorkPool(EXAMPLE_POOL, 'process');
      const scenario = newScenario(prefect.url, `v${version.replace(/\./g, '')}`);

      const first = await deploy(scenario);
      expect(first.result.outcomes.filter((outcome) => outcome.error)).toEqual([]);
      expect(statuses(first.result.outcomes)).toEqual(['created']);
      expect(statuses((await deploy(scenario)).result.outcomes)).toEqual(['unchanged']);

      const promoted = await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' });
      expect(promoted.result.outcomes.filter((outcome) => outcome.error)).toEqual([]);
      expect(statuses(promoted.result.outcomes)).toEqual(['created']);
      const again = await promote(scenario, { 'source-env': 'dev', 'target-env': 'prod' });
      expect(statuses(again.result.outcomes)).toEqual(['unchanged']);
      // No request was refused for an unknown field.
      expect(prefect.requests.filter((request) => request.status === 422)).toEqual([]);
    } finally {
      await prefect.close();
    }
  },
);
