/**
 * A statement built and prepared on its first use, then reused: drizzle otherwise builds the SQL and SQLite parses it
 * on every call, which costs several times the lookup itself on the hot paths (a command's incident, its timeline
 * head, the scheduler's reads). Not prepared up front: a store opened on an older schema (a migration test, the CLI
 * before `migrate`) must not fail over a statement it never runs.
 */
export function prepareOnce<T>(prepare: () => T): () => T {
  let prepared: T | undefined;
  return () => {
    prepared ??= prepare();
    return prepared;
  };
}
