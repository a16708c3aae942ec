// Environment words in deployment and work-pool names (`etl-dev`, `etl--prod`, `k8s-staging`):
// what tells several deployments of one flow apart as environments rather than variants.

/** Words read as environments, in the order a promotion usually goes. */
export const ENVIRONMENT_WORDS = [
  'sandbox',
  'dev',
  'development',
  'int',
  'integration',
  'test',
  'tst',
  'qa',
  'uat',
  'stage',
  'staging',
  'preprod',
  'prod',
  'production',
  'live',
] as const;

const WORDS = new Set<string>(ENVIRONMENT_WORDS);

function tokens(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter(Boolean);
}

/** The one environment word in `text` (as written, lower case), or null for none or several. */
export function environmentWordIn(text: string): string | null {
  const found = [...new Set(tokens(text).filter((token) => WORDS.has(token.toLowerCase())))];
  return found.length === 1 ? found[0]!.toLowerCase() : null;
}

/** `text` without its environment word: `etl-daily-prod` and `etl-daily-dev` both give `etl daily`. */
export function withoutEnvironmentWord(text: string): string {
  return tokens(text)
    .filter((token) => !WORDS.has(token.toLowerCase()))
    .join(' ')
    .toLowerCase();
}

/** Sorts environment names by the usual promotion order; unknown words keep their place at the end. */
export function promotionOrder(names: Iterable<string>): string[] {
  const rank = (name: string) => {
    const index = (ENVIRONMENT_WORDS as readonly string[]).indexOf(name);
    return index === -1 ? ENVIRONMENT_WORDS.length : index;
  };
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b));
}
