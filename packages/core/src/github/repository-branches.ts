// The repository's branches, as a port: cleanup's stale-branch sweep asks which branches still
// exist. The runner lists them with GitHub's API; a CLI could list them with `git ls-remote`.

export interface RepositoryBranches {
  /** Every branch name that exists now, all pages. */
  listBranches(): Promise<string[]>;
  /** The branch a clone checks out (`main`). */
  defaultBranch(): Promise<string>;
}
