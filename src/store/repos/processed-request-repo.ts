import type { ProcessedRequestRepo } from '../../core/store-port.js';
import type { Db } from '../db.js';
import { processedRequests } from '../schema/index.js';

export function processedRequestRepo(db: Db): ProcessedRequestRepo {
  return {
    claim(key, at) {
      const result = db
        .insert(processedRequests)
        .values({ key, processedAt: at.toISOString() })
        .onConflictDoNothing()
        .run();
      return result.changes === 1;
    },
  };
}
