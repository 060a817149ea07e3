import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { startWarroom, type RunningWarroom } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { startFakeSlack, type FakeSlack, type FakeResponse } from '../fakes/fake-slack.js';
import {
  blockAction,
  eventCallback,
  postToSlack,
  slashCommand,
  viewSubmission,
  type SlashCommandFields,
  type ViewSubmissionOptions,
} from './slack-requests.js';
import type { TestClock } from './test-store.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
/** Once a year: with a test clock the test runs the scheduler itself, and a wall-clock tick must not interleave. */
const NEVER = '0 0 1 1 *';
export const GENERAL = 'C0GENERAL';
export const ANNOUNCE = 'C0INCIDENTS';
/** #triage exists in the fake workspace from the start (the policy names it; start-up checks refuse a missing one). */
export const TRIAGE = 'C0TRIAGE';

export interface SlackHarness {
  fake: FakeSlack;
  app: RunningWarroom;
  eventsUrl: string;
  /** DATA_DIR of the app: warroom.db and keys/ (what the operator CLI reads). */
  dataDir: string;
  /** Runs `/incident <text>` as `user` in `channel`; returns the response_url the app answers on. */
  command(text: string, o?: Partial<SlashCommandFields>): Promise<{ status: number; responseUrl: string }>;
  /** Texts posted to one response_url, in order. */
  replies(responseUrl: string): string[];
  waitForReplies(responseUrl: string, count: number): Promise<string[]>;
  click(o: {
    action_id: string;
    value: string;
    user_id: string;
    channel_id: string;
    action_ts?: string;
    retryNum?: number;
  }): Promise<{ status: number; responseUrl: string }>;
  submit(o: ViewSubmissionOptions): Promise<{ status: number; json: unknown }>;
  event(event: Record<string, unknown>, o?: { event_id?: string; retryNum?: number }): Promise<{ status: number }>;
  /** Declares an incident as `user` and waits for its war room; returns its channel id. */
  declare(title: string, user?: string): Promise<{ channelId: string; responseUrl: string }>;
  kinds(incidentNumber: number): string[];
  stop(): Promise<void>;
}

/** The channels every harness workspace starts with. */
export function seedSlackWorkspace(fake: FakeSlack): void {
  fake.seedChannel({ name: 'general', id: GENERAL, members: ['UBOT', 'U1', 'U2', 'U3'] });
  fake.seedChannel({ name: 'incidents', id: ANNOUNCE, members: ['UBOT'] });
  fake.seedChannel({ name: 'triage', id: TRIAGE, members: ['UBOT', 'U1', 'U2', 'U3'] });
}

/** The environment the harness starts warroom with (also what a test gives warroom started as a child process). */
export function slackHarnessEnv(o: { fake: FakeSlack; dataDir: string; env?: Record<string, string> }) {
  return {
    PORT: '0',
    DATA_DIR: o.dataDir,
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: o.fake.apiUrl,
    WARROOM_ANNOUNCE_CHANNEL: ANNOUNCE,
    ...o.env,
  };
}

/**
 * Tests run with looser per-channel pacing than production (10/s) so multi-step flows finish quickly; the storm
 * tests pass the real setting (`{ slackPacing: { perSecond: 1, burst: 4 } }`) to check pacing itself.
 */
export async function startSlackHarness(
  env: Record<string, string> = {},
  opts: {
    headerRefreshCron?: string;
    slackPacing?: { perSecond: number; burst: number };
    /** To read what the app logs (default: silent). */
    logger?: Logger;
    /**
     * Another instance on the same workspace and database (a replica, or the app after a restart): the fake and the
     * data directory are then the caller's, and stop() leaves them be.
     */
    shared?: { fake: FakeSlack; dataDir: string };
    /**
     * Run warroom on this clock (drive the outbox with runOutbox). The scheduler and header-refresh crons are then left
     * to the test (`h.app.scheduler.runOnce()`), so nothing runs on wall time.
     */
    clock?: TestClock;
  } = {},
): Promise<SlackHarness> {
  const { shared, clock, ...startOpts } = opts;
  const fake = shared?.fake ?? (await startFakeSlack());
  if (!shared) seedSlackWorkspace(fake);
  const dir = shared?.dataDir ?? mkdtempSync(join(tmpdir(), 'warroom-slack-'));
  const app = await startWarroom(loadConfig(slackHarnessEnv({ fake, dataDir: dir, env })), {
    outboxPollMs: 50,
    slackPacing: { perSecond: 10, burst: 10 },
    ...(clock ? { now: clock.now, schedulerCron: NEVER, headerRefreshCron: NEVER } : {}),
    ...startOpts,
  });
  // Tests look at what their own steps sent; the start-up checks (auth.test, channel lookups) have their own test.
  fake.calls.splice(0);
  const eventsUrl = `${app.url}/slack/events`;
  const pathOf = (url: string) => new URL(url).pathname;
  const replies = (responseUrl: string) =>
    fake.responses.filter((r: FakeResponse) => r.path === pathOf(responseUrl)).map((r) => String(r.body.text ?? ''));

  const harness: SlackHarness = {
    fake,
    app,
    eventsUrl,
    dataDir: dir,
    async command(text, o = {}) {
      const responseUrl = fake.responseUrl();
      const req = slashCommand({ text, user_id: 'U1', response_url: responseUrl, ...o });
      const res = await postToSlack(eventsUrl, { ...req, signingSecret: SIGNING_SECRET });
      return { status: res.status, responseUrl };
    },
    replies,
    async waitForReplies(responseUrl, count) {
      await fake.waitFor(() => replies(responseUrl).length >= count);
      return replies(responseUrl);
    },
    async click(o) {
      const responseUrl = fake.responseUrl();
      const req = blockAction({ ...o, response_url: responseUrl });
      const res = await postToSlack(eventsUrl, { ...req, signingSecret: SIGNING_SECRET, retryNum: o.retryNum });
      return { status: res.status, responseUrl };
    },
    async submit(o) {
      const res = await postToSlack(eventsUrl, { ...viewSubmission(o), signingSecret: SIGNING_SECRET });
      return { status: res.status, json: res.json };
    },
    async event(event, o = {}) {
      const req = eventCallback(event, { event_id: o.event_id });
      const res = await postToSlack(eventsUrl, {
        ...req,
        signingSecret: SIGNING_SECRET,
        retryNum: o.retryNum,
        retryReason: o.retryNum ? 'http_timeout' : undefined,
      });
      return { status: res.status };
    },
    async declare(title, user = 'U1') {
      const { responseUrl } = await harness.command(`declare ${title}`, { user_id: user });
      const [, ready] = await harness.waitForReplies(responseUrl, 2);
      const match = /<#(C[A-Z0-9]+)>/.exec(ready ?? '');
      if (!match?.[1]) throw new Error(`war room not reported ready: ${ready}`);
      return { channelId: match[1], responseUrl };
    },
    kinds(incidentNumber) {
      const incident = app.store.incidents.byNumber(incidentNumber);
      return incident ? app.store.timeline.forIncident(incident.id).map((e) => e.kind) : [];
    },
    async stop() {
      await app.stop();
      if (shared) return;
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}
