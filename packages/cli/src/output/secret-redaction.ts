// The CLI's masking: every secret the runner code reports (maskSecret) is replaced by *** in
// everything the CLI prints, as the Actions runner does for `::add-mask::` values.

export class SecretRedactor {
  readonly #secrets = new Set<string>();

  add(secret: string): void {
    if (secret) this.#secrets.add(secret);
  }

  redact(text: string): string {
    // Longest first: a secret that contains another is replaced whole.
    const secrets = [...this.#secrets].sort((a, b) => b.length - a.length);
    let result = text;
    for (const secret of secrets) result = result.split(secret).join('***');
    return result;
  }
}
