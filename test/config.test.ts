import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { configProblems } from './support/config-problems.js';

const problems = configProblems;

describe('loadConfig', () => {
  it('runs the sandbox on loopback with defaults when no Slack variables are set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'sandbox',
      host: '127.0.0.1',
      port: 3000,
      roles: ['comms', 'ops', 'scribe', 'security'],
      announceChannel: 'incidents',
    });
    expect(config.databasePath).toMatch(/data\/warroom\.db$/);
  });

  it('serves Slack when token and signing secret are set, on all interfaces by default', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
      PORT: '8080',
    });
    expect(config).toMatchObject({
      mode: 'slack',
      host: '0.0.0.0',
      port: 8080,
      slack: { apiUrl: 'http://127.0.0.1:9/api/' },
      announceChannel: null,
    });
  });

  it('is strict at start unless WARROOM_STRICT_START=false, and takes the triage channel from WARROOM_TRIAGE_CHANNEL', () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(loadConfig(slack)).toMatchObject({ strictStart: true, triageChannel: null });
    expect(loadConfig({ ...slack, WARROOM_STRICT_START: 'false', WARROOM_TRIAGE_CHANNEL: ' C0TRIAGE ' })).toMatchObject(
      { strictStart: false, triageChannel: 'C0TRIAGE' },
    );
    expect(loadConfig({ ...slack, WARROOM_STRICT_START: '' })).toMatchObject({ strictStart: true });
    expect(problems({ ...slack, WARROOM_STRICT_START: 'no' })).toEqual([
      'WARROOM_STRICT_START: must be true or false (false starts even when the triage channel cannot be used)',
    ]);
  });

  it('refuses Slack mode without the signing secret (never fail open)', () => {
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET is missing: set it to the "Signing Secret"/),
    ]);
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: '   ' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET is missing/),
    ]);
    expect(problems({ SLACK_SIGNING_SECRET: 'x' })).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is missing/)]);
  });

  it('reports every bad variable on its own line, naming it', () => {
    const found = problems({
      PORT: 'eighty',
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      LOG_LEVEL: 'loud',
      SLACK_API_URL: 'ftp://x',
    });
    expect(found.map((p) => p.split(':')[0])).toEqual(['PORT', 'LOG_LEVEL', 'SLACK_BOT_TOKEN', 'SLACK_API_URL']);
    expect(found[0]).toBe('PORT: must be a port number from 0 to 65535, e.g. 3000');
    expect(found[1]).toBe('LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent');
    expect(new ConfigError(found).message.split('\n')).toHaveLength(5);
  });

  it('keeps the unauthenticated sandbox off public interfaces', () => {
    expect(problems({ HOST: '0.0.0.0' })).toEqual([expect.stringMatching(/^HOST=0.0.0.0: the sandbox has no login/)]);
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
  });

  it('validates WARROOM_ROLES', () => {
    expect(loadConfig({ WARROOM_ROLES: 'comms, Ops ,legal' }).roles).toEqual(['comms', 'ops', 'legal']);
    expect(problems({ WARROOM_ROLES: 'lead,comms' })).toEqual([expect.stringMatching(/"lead" is built in/)]);
    expect(problems({ WARROOM_ROLES: 'two words' })).toEqual([
      expect.stringMatching(/"two words" is not a valid role name/),
    ]);
  });
});

describe('executor configuration', () => {
  it('defaults to dry-run and validates the webhook executor settings', () => {
    expect(loadConfig({}).executor).toEqual({ kind: 'dry-run', concurrency: 4 });
    expect(loadConfig({ WARROOM_EXECUTOR_CONCURRENCY: '8' }).executor).toEqual({ kind: 'dry-run', concurrency: 8 });
    expect(problems({ WARROOM_EXECUTOR_CONCURRENCY: '0' })).toEqual([
      expect.stringMatching(/^WARROOM_EXECUTOR_CONCURRENCY/),
    ]);
    expect(problems({ WARROOM_EXECUTOR_CONCURRENCY: 'lots' })).toEqual([
      expect.stringMatching(/^WARROOM_EXECUTOR_CONCURRENCY/),
    ]);
    expect(problems({ WARROOM_EXECUTOR: 'webhook' })).toEqual([
      expect.stringMatching(/^WARROOM_EXECUTOR_URL is missing/),
      expect.stringMatching(/^WARROOM_EXECUTOR_SECRET: set a secret of at least 16/),
    ]);
    expect(problems({ WARROOM_EXECUTOR_ALLOW_CIDRS: '10.0.0.0/8,not-a-range' })).toEqual([
      'WARROOM_EXECUTOR_ALLOW_CIDRS: "not-a-range" is not an address range like 10.20.0.0/16',
    ]);
    expect(problems({ WARROOM_EXECUTOR_ALLOW_CIDRS: '10.0.0.0/33,fd00::/8,10.1.2.3' })).toEqual([
      'WARROOM_EXECUTOR_ALLOW_CIDRS: "10.0.0.0/33" is not an address range like 10.20.0.0/16',
    ]);
    const config = loadConfig({
      WARROOM_EXECUTOR: 'webhook',
      WARROOM_EXECUTOR_URL: 'https://soar.example.com/warroom',
      WARROOM_EXECUTOR_SECRET: 's'.repeat(32),
      WARROOM_EXECUTOR_ALLOW_CIDRS: '10.20.0.0/16',
    });
    expect(config.executor).toEqual({
      kind: 'webhook',
      url: 'https://soar.example.com/warroom',
      secret: 's'.repeat(32),
      allowHosts: [],
      allowCidrs: ['10.20.0.0/16'],
      timeoutMs: 10_000,
      concurrency: 4,
    });
  });
});
