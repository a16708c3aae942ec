// Identifiers the fake hands out: UUID v4 for flows, deployments, pools and schedules, UUID v7 for flow
// runs (as Prefect 3.x does), and the two-word slugs Prefect names flow runs with.

import { randomBytes, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

/** A time-ordered UUID v7. */
export function newTimeOrderedId(nowMs: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ADJECTIVES = [
  'amber',
  'brisk',
  'calm',
  'daring',
  'eager',
  'gentle',
  'lively',
  'quiet',
  'rapid',
  'witty',
];
const ANIMALS = [
  'badger',
  'crane',
  'falcon',
  'gecko',
  'heron',
  'lynx',
  'marmot',
  'otter',
  'puffin',
  'wombat',
];

export function newRunName(): string {
  const pick = (words: string[]) => words[randomBytes(1)[0]! % words.length];
  return `${pick(ADJECTIVES)}-${pick(ANIMALS)}`;
}
