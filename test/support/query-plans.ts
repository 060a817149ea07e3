import type Database from 'better-sqlite3';

export interface RanStatement {
  sql: string;
  args: unknown[];
}

/**
 * Records every statement the connection runs from now on (prepared before or after) with its parameters, so a test
 * can call a repository method and read the plan SQLite chose for each of its queries.
 */
export function recordStatements(sqlite: Database.Database): {
  take(): RanStatement[];
  /** SQLite's plan for a statement that ran, one line per step ("SEARCH incidents USING INDEX …", "SCAN …"). */
  plan(statement: RanStatement): string[];
} {
  let ran: RanStatement[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  const watched = (statement: Database.Statement): Database.Statement => {
    for (const method of ['run', 'get', 'all', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value: (...args: unknown[]) => {
          ran.push({ sql: statement.source, args });
          return original(...args);
        },
      });
    }
    return statement;
  };
  sqlite.prepare = ((source: string) => watched(prepare(source))) as typeof sqlite.prepare;
  return {
    take() {
      const taken = ran;
      ran = [];
      return taken;
    },
    plan: ({ sql, args }) =>
      (prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail),
  };
}
