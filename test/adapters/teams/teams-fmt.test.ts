import { describe, expect, it } from 'vitest';
import { buildCardActivity } from '../../../src/adapters/teams/presenters/build-card-activity.js';
import { textBlock } from '../../../src/adapters/teams/presenters/card-elements.js';
import { escapeTeamsText } from '../../../src/adapters/teams/teams-escape.js';
import { createTeamsFmt, teamsFmt } from '../../../src/adapters/teams/teams-fmt.js';
import { Mentions, resolveTeamsText, type TeamsPeople } from '../../../src/adapters/teams/resolve-teams-text.js';
import { clipTokenSafe } from '../../../src/adapters/teams/teams-tokens.js';
import { teamsTextMessage } from '../../../src/adapters/teams/teams-text-message.js';
import { cardProblems, HOSTILE } from '../../support/teams-card-invariants.js';

const people: TeamsPeople = (id) =>
  ({
    'aad-ann': { name: 'Ann Lee', mentionId: '29:ann' },
    'aad-bob': { name: 'Bob *the* <Builder>', mentionId: '29:bob' },
    'aad-ghost': { name: 'Ghost', mentionId: null },
    'aad-ann2': { name: 'Ann Lee', mentionId: '29:ann-2' },
    VICTIM: { name: 'Victim Person', mentionId: '29:victim' },
  })[id];
const f = teamsFmt;
const card = (text: string) =>
  buildCardActivity({ body: [textBlock(text)], summary: text, refresh: null, trimmable: [] }, { fmt: f, people });
const shown = (text: string) => card(text).attachments[0].content.body[0] as { text: string };

describe('teamsFmt text', () => {
  it('makes person and alert text inert: no mention, link, emphasis, tag, entity, date function or forged token', () => {
    const out = f.text(HOSTILE);
    expect(out).not.toMatch(/<|>|\*|\[|]|\{\{|&lt;|\uE000|\uE001/);
    expect(out).not.toMatch(/(^|\W)_|_(\W|$)/);
    expect(out).toContain('＜at＞Mallory＜/at＞');
    expect(resolveTeamsText(out, 'card', people, new Mentions())).not.toContain('Victim Person');
    expect(cardProblems(card(out))).toEqual([]);
    expect(card(out).attachments[0].content.msteams.entities).toBeUndefined();
  });

  it('keeps ordinary text readable: intraword underscores, ampersands, braces and Unicode stay', () => {
    expect(escapeTeamsText('db_primary_01 AT&T {json} ✅ 5 < 6')).toBe('db_primary_01 AT&T {json} ✅ 5 ＜ 6');
    expect(escapeTeamsText('[FIRING:1] HighCPU')).toBe('［FIRING:1］ HighCPU');
  });
});

describe('teamsFmt mentions', () => {
  it('user() becomes <at>Name</at> with one entity per person, however often named', () => {
    const activity = card(`${f.user('aad-ann')} took the lead from ${f.user('aad-bob')}; thanks ${f.user('aad-ann')}`);
    const content = activity.attachments[0].content;
    expect((content.body[0] as { text: string }).text).toBe(
      '<at>Ann Lee</at> took the lead from <at>Bob ∗the∗ ＜Builder＞</at>; thanks <at>Ann Lee</at>',
    );
    expect(content.msteams.entities).toEqual([
      { type: 'mention', text: '<at>Ann Lee</at>', mentioned: { id: '29:ann', name: 'Ann Lee' } },
      {
        type: 'mention',
        text: '<at>Bob ∗the∗ ＜Builder＞</at>',
        mentioned: { id: '29:bob', name: 'Bob ∗the∗ ＜Builder＞' },
      },
    ]);
    expect(cardProblems(activity)).toEqual([]);
  });

  it('two people with one display name get different mention texts, so their entities stay apart', () => {
    const content = card(`${f.user('aad-ann')} and ${f.user('aad-ann2')}`).attachments[0].content;
    expect(content.msteams.entities?.map((e) => [e.text, e.mentioned.id])).toEqual([
      ['<at>Ann Lee</at>', '29:ann'],
      ['<at>Ann Lee (2)</at>', '29:ann-2'],
    ]);
  });

  it('someone without a known Teams address, or unknown, is named without a mention', () => {
    const activity = card(`${f.user('aad-ghost')} and ${f.user('aad-nobody')}`);
    expect(shown(`${f.user('aad-ghost')} and ${f.user('aad-nobody')}`).text).toBe('@Ghost and @aad-nobody');
    expect(activity.attachments[0].content.msteams.entities).toBeUndefined();
  });

  it('person() names without notifying, looking up an unknown name when the card is built', () => {
    expect(shown(f.person('aad-bob', 'Bob_')).text).toBe('Bob＿ (aad-bob)');
    expect(shown(f.person('aad-ann', undefined)).text).toBe('Ann Lee (aad-ann)');
    expect(card(f.person('aad-ann', undefined)).attachments[0].content.msteams.entities).toBeUndefined();
  });

  it('a plain message carries its mentions as activity entities', () => {
    const message = teamsTextMessage(`${f.user('aad-ann')} acknowledged at ${f.time('2026-11-25T09:41:03.120Z')}`, {
      fmt: f,
      people,
    });
    expect(message).toEqual({
      type: 'message',
      text: '<at>Ann Lee</at> acknowledged at 2026-11-25 09:41:03 UTC',
      textFormat: 'markdown',
      entities: [{ type: 'mention', text: '<at>Ann Lee</at>', mentioned: { id: '29:ann', name: 'Ann Lee' } }],
    });
  });

  it('button titles and summaries name people in plain text, never with <at>', () => {
    const activity = buildCardActivity(
      {
        body: [textBlock('x')],
        summary: `Lead ${f.user('aad-ann')} at ${f.time('2026-11-25T09:41:03Z')}`,
        refresh: null,
        trimmable: [],
      },
      { fmt: f, people },
    );
    expect(activity.summary).toBe('Lead @Ann Lee at 2026-11-25 09:41:03 UTC');
    expect(activity.attachments[0].content.msteams.entities).toBeUndefined();
  });
});

describe('teamsFmt marks', () => {
  it('time() is DATE/TIME in cards (each reader’s zone) and UTC text in plain text', () => {
    expect(shown(`due ${f.time('2026-11-25T09:41:03.120Z')}`).text).toBe(
      'due {{DATE(2026-11-25T09:41:03Z, SHORT)}} {{TIME(2026-11-25T09:41:03Z)}}',
    );
    expect(shown(f.time('not a date {{x')).text).toBe('not a date ｛{x');
  });

  it('command() is an @mention of the bot, with the configured name', () => {
    expect(f.command('ack')).toBe('**@warroom ack**');
    expect(f.command('')).toBe('**@warroom**');
    expect(createTeamsFmt({ botName: 'Incident Bot' }).command('timeline 20')).toBe('**@Incident Bot timeline 20**');
  });

  it('bold, em, code, link, channel and icon', () => {
    expect(f.bold(f.text('a*b'))).toBe('**a∗b**');
    expect(f.em('aside')).toBe('_aside_');
    expect(f.code('a1`b2*')).toBe('‘a1ˋb2∗’');
    expect(f.link('https://status.example.com/x?a=1&b=2', 'Status')).toBe(
      '[Status](https://status.example.com/x?a=1&b=2)',
    );
    expect(f.link('https://evil.example/a)(b', 'x')).toBe('x (https://evil.example/a)(b)');
    expect(f.link('javascript:alert(1)', 'x')).toBe('x (javascript:alert(1))');
    expect(f.channel('19:abc@thread.tacv2', 'inc-0042-db')).toBe('#inc-0042-db');
    expect(f.icon('rotating_light')).toBe('🚨');
  });

  it('line breaks become blank lines except inside lists, where • bullets become Markdown items', () => {
    expect(shown('one\ntwo\n• a\n• b\nend').text).toBe('one\n\ntwo\n\n- a\n- b\n\nend');
  });
});

describe('clipTokenSafe', () => {
  it('never cuts a token or a surrogate pair in half', () => {
    const text = `ab ${f.user('aad-ann')} cd`;
    for (let max = 0; max <= text.length; max += 1) {
      const clipped = clipTokenSafe(text, max);
      expect(clipped.length).toBeLessThanOrEqual(max);
      expect((clipped.match(/\uE000/g) ?? []).length).toBe((clipped.match(/\uE001/g) ?? []).length);
    }
    expect(clipTokenSafe('a🚨', 2)).toBe('a');
  });
});
