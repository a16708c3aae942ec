// The job summary's line on how the run talked to Prefect: requests, retries, the 503/429 and
// timeouts met, and how far the write limit came down when the server was busy.
import type { PrefectTraffic } from '@portal-actions/core';

/** `Prefect requests: 212 (12 retries; 503 ×10, 429 ×0, timeouts ×0). Writes slowed to 2 at a time (of 8).` */
export function trafficLine(traffic: PrefectTraffic): string {
  const retries = `${traffic.retries} ${traffic.retries === 1 ? 'retry' : 'retries'}`;
  const seen = `503 ×${traffic.status503}, 429 ×${traffic.status429}, timeouts ×${traffic.timeouts}`;
  const limit = traffic.writeLimit;
  const slowed =
    limit && limit.lowest < limit.ceiling
      ? ` Prefect was busy: writes slowed to ${limit.lowest} at a time (of ${limit.ceiling}).`
      : '';
  return `Prefect requests: ${traffic.requests} (${retries}; ${seen}).${slowed}`;
}
