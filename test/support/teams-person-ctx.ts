import type { RunningWarroom } from '../../src/app.js';
import type { Ctx } from '../../src/core/context.js';
import type { TeamsPerson } from './teams-harness.js';
import { defaultSettings } from './test-store.js';

/**
 * A core verb's context for `person` acting in Teams against a running warroom: for what a test records directly
 * (a burst of notes, a corrective action) where typing it would add the command's own in-turn answer to the test.
 */
export function teamsPersonCtx(app: RunningWarroom, person: TeamsPerson, now: () => Date = () => new Date()): Ctx {
  return {
    actor: { type: 'teams', userId: person.aadObjectId },
    now,
    store: app.store,
    requestId: `test-${person.id}`,
    settings: { ...defaultSettings, platform: 'teams' },
  };
}
