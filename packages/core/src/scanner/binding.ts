// What a name in a Python scope is bound to, as the scanner writes it down: shared by the name
// scopes and the repository's module table, so neither has to import the other for it.

/**
 * A qualified name (`prefect.flow`, `typing.Optional`, `datetime`) for names bound by imports
 * and aliases of them, or null for anything the module computes itself (a def, a class, an
 * assignment of any other value): its meaning is not known without running the code.
 */
export type Binding = string | null;

/**
 * Bindings to the repository's own modules start with this mark (`~pkg.models.Config`): they
 * are found by reading the module, never by spelling, and never outweigh an import of Prefect.
 */
export const REPOSITORY_MARK = '~';

/** A name bound to something imported from outside the repository (`prefect.flow`). */
export function isImported(binding: Binding): binding is string {
  return binding !== null && !binding.startsWith(REPOSITORY_MARK);
}
