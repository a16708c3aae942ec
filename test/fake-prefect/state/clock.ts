// Timestamps as Prefect 3.x writes them (ISO-8601 UTC, `Z`, microseconds), strictly increasing so that
// "created >= request start" and CREATED_DESC / UPDATED_DESC orderings behave as on a real server.

export class Clock {
  private lastMicros = 0;

  /** The current time, never equal to or before a previous answer. */
  now(): string {
    const micros = Math.max(
      Math.round(performance.timeOrigin * 1000 + performance.now() * 1000),
      this.lastMicros + 1,
    );
    this.lastMicros = micros;
    return formatMicros(micros);
  }
}

export function formatMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const fraction = String(micros % 1_000_000).padStart(6, '0');
  const base = new Date(millis).toISOString().slice(0, 19);
  // pydantic leaves the fraction out when it is zero.
  return fraction === '000000' ? `${base}Z` : `${base}.${fraction}Z`;
}

/** Prefect 2.x wrote `+00:00` where 3.x writes `Z`. */
export function asLegacyTimestamp(iso: string): string {
  return iso.endsWith('Z') ? `${iso.slice(0, -1)}+00:00` : iso;
}
