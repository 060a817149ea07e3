import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rememberPeople } from '../../src/core/people/remember-people.js';
import { teamsRepo, type TeamsRepo } from '../../src/store/repos/teams-repo.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

const ENTRA_ID = '6b1f4a2c-0d3e-4f5a-9b8c-7d6e5f4a3b2c';

describe('what the Teams adapter keeps', () => {
  let t: TestStore;
  let teams: TeamsRepo;
  beforeEach(() => {
    t = openTestStore();
    teams = teamsRepo(t.database.db);
  });
  afterEach(() => t.close());

  it('the people directory keeps the bot-scoped 29: id beside the Entra object id, and a request without it keeps the old one', () => {
    const ctx = t.ctx('system');
    expect(
      rememberPeople({ ctx, input: { people: [{ userId: ENTRA_ID, name: 'Carol Medina', platformId: '29:1carol' }] } }),
    ).toBe(1);
    expect(t.store.people.platformId(ENTRA_ID)).toBe('29:1carol');
    // Seen again, same name and no 29: id (e.g. named in a mention): nothing is written and the id stays.
    expect(rememberPeople({ ctx, input: { people: [{ userId: ENTRA_ID, name: 'Carol Medina' }] } })).toBe(0);
    expect(t.store.people.platformId(ENTRA_ID)).toBe('29:1carol');
    // A new 29: id alone (the same name) is news.
    expect(
      rememberPeople({ ctx, input: { people: [{ userId: ENTRA_ID, name: 'Carol Medina', platformId: '29:2carol' }] } }),
    ).toBe(1);
    expect(t.store.people.platformId(ENTRA_ID)).toBe('29:2carol');
    expect(t.store.people.all().get(ENTRA_ID)).toBe('Carol Medina');
    expect(t.store.people.platformId('never-seen')).toBeNull();
  });

  it('conversation references are re-learned from every activity, written only when they change', () => {
    expect(teams.conversation('tenant')).toBeNull();
    const emea = { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversationId: 'a:1personal' };
    expect(teams.rememberConversation(`personal:${ENTRA_ID}`, emea, '2026-12-07T10:00:00.000Z')).toBe(true);
    expect(teams.rememberConversation(`personal:${ENTRA_ID}`, emea, '2026-12-07T10:01:00.000Z')).toBe(false);
    const moved = { ...emea, serviceUrl: 'https://smba.trafficmanager.net/amer/' };
    expect(teams.rememberConversation(`personal:${ENTRA_ID}`, moved, '2026-12-07T10:02:00.000Z')).toBe(true);
    expect(teams.conversation(`personal:${ENTRA_ID}`)).toEqual(moved);
  });
});
