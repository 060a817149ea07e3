import { existsSync } from 'node:fs';
import { parseIncidentRef, type Incident } from '../core/incident/incident.js';
import type { Store } from '../core/store-port.js';
import { openDatabase } from '../store/db.js';
import { sqliteStore } from '../store/sqlite-store.js';
import type { CliResult } from './cli-result.js';

/** Opens the database and finds the incident named on the command line, or explains what to type instead. */
export function withIncident(
  dbPath: string,
  usage: string,
  ref: string | undefined,
  run: (store: Store, incident: Incident) => CliResult,
): CliResult {
  if (!ref) return { code: 2, stderr: `Which incident? Usage: ${usage}` };
  if (!existsSync(dbPath))
    return { code: 2, stderr: `No database at ${dbPath}. Set DATA_DIR or DATABASE_PATH, or pass --db <path>.` };
  const database = openDatabase(dbPath);
  try {
    const store = sqliteStore(database.db);
    const number = parseIncidentRef(ref);
    const incident = number === null ? null : store.incidents.byNumber(number);
    if (!incident)
      return { code: 2, stderr: `No incident ${ref}. Give a reference like INC-0042 (see /incident list).` };
    return run(store, incident);
  } finally {
    database.close();
  }
}
