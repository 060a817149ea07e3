import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { configProblems } from './support/config-problems.js';

const problems = configProblems;

describe('postmortem settings', () => {
  it('defaults to UTC and a postmortem before closing SEV1 and SEV2', () => {
    expect(loadConfig({})).toMatchObject({ timeZone: 'UTC', postmortemRequired: ['sev1', 'sev2'] });
  });

  it('takes an IANA zone and any list of severities; empty requires none', () => {
    expect(loadConfig({ WARROOM_TIME_ZONE: 'Europe/Berlin', WARROOM_POSTMORTEM_REQUIRED: 'SEV1, sev3' })).toMatchObject(
      { timeZone: 'Europe/Berlin', postmortemRequired: ['sev1', 'sev3'] },
    );
    expect(loadConfig({ WARROOM_POSTMORTEM_REQUIRED: '' })).toMatchObject({ postmortemRequired: [] });
  });

  it('names the variable and the fix for a bad zone or severity', () => {
    expect(problems({ WARROOM_TIME_ZONE: 'Europe/Atlantis', WARROOM_POSTMORTEM_REQUIRED: 'sev1,critical' })).toEqual([
      'WARROOM_TIME_ZONE=Europe/Atlantis: not an IANA time zone this runtime knows; use one like Europe/Berlin, America/New_York or UTC',
      'WARROOM_POSTMORTEM_REQUIRED: "critical" is not a severity; list some of sev1, sev2, sev3, sev4 (empty: no postmortem required)',
    ]);
  });
});
