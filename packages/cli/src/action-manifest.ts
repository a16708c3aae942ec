// The shape of what the CLI knows about an action from its action.yml: inputs (name, description,
// default, required, whether it only means something on GitHub) and outputs, as generated.

export interface ManifestInput {
  name: string;
  description: string;
  /** The manifest's `default:`, '' when none. */
  default: string;
  required: boolean;
  /**
   * The input only means something on GitHub Actions (a token, a pull-request comment, GitHub
   * deployment records): the CLI has no flag for it and passes '' (off).
   */
  githubOnly: boolean;
  /** The flag may be given several times (`--from a --from b`); the values are joined by newlines. */
  repeatable?: boolean;
}

export interface ManifestOutput {
  name: string;
  description: string;
}

export interface ActionManifest {
  /** The manifest's `name:`. */
  title: string;
  description: string;
  inputs: ManifestInput[];
  outputs: ManifestOutput[];
}
