import { describe, expect, it } from 'vitest';
import { slackFmt } from '../../../src/adapters/slack/slack-fmt.js';
import { HOSTILE, HOSTILE_RAW } from '../../support/slack-markup-leaks.js';

/** Slack parses `<…>` as a token (link, mention, broadcast): outside the ones a mark means to write, none may appear. */
const tokens = (mrkdwn: string) => mrkdwn.match(/<[^<>]*>/g) ?? [];

describe('slackFmt.text', () => {
  it('escapes &, < and > so text cannot carry a broadcast, a mention or a disguised link', () => {
    expect(slackFmt.text('R&D <!channel> <@U1>')).toBe('R&amp;D &lt;!channel&gt; &lt;@U1&gt;');
    const escaped = slackFmt.text(HOSTILE);
    for (const raw of HOSTILE_RAW) expect(escaped).not.toContain(raw);
    expect(tokens(escaped)).toEqual([]);
  });
});

describe('slackFmt.link', () => {
  it('links http and https URLs, escaping & in the URL', () => {
    expect(slackFmt.link('https://runbooks.example.com/db?x=1&y=2', 'runbook')).toBe(
      '<https://runbooks.example.com/db?x=1&amp;y=2|runbook>',
    );
    expect(slackFmt.link('http://status.example.com', 'status')).toBe('<http://status.example.com|status>');
  });

  it('refuses anything but a web link: the URL is shown as escaped text, never as a link', () => {
    for (const url of [
      'javascript:alert(1)',
      'mailto:ops@example.com',
      'slack://channel?id=C1',
      'ftp://files.example.com/x',
      '/relative/path',
      '',
    ]) {
      const out = slackFmt.link(url, 'click');
      expect(tokens(out)).toEqual([]);
      expect(out.startsWith('click (')).toBe(true);
    }
  });

  it('cannot be closed early by the URL: a <, >, | or space in it makes it text', () => {
    for (const url of [
      'https://x.example/a>b',
      'https://x.example/a|<!channel>',
      'https://x.example/a b',
      'https://x.example/<@U1>',
    ]) {
      const out = slackFmt.link(url, 'click');
      expect(tokens(out)).toEqual([]);
      expect(out).not.toContain('<!channel>');
      expect(out).not.toContain('<@U1>');
    }
  });

  it('cannot be closed early by the label: its |, < and > never end the <url|label> form or open a token in it', () => {
    const out = slackFmt.link('https://x.example', 'a|b> <!here>');
    expect(tokens(out)).toEqual([out]);
    expect(out).toBe('<https://x.example|a b   !here >');
    // A label built from people's text goes through fmt.text first, as the Fmt contract says.
    expect(slackFmt.link('https://x.example', slackFmt.text('<!channel> & co'))).toBe(
      '<https://x.example|&lt;!channel&gt; &amp; co>',
    );
  });
});

describe('slackFmt.code, command and pre', () => {
  it('code escapes &, < and >, and a backtick in the text cannot end the span', () => {
    expect(slackFmt.code('<!here> & co')).toBe('`&lt;!here&gt; &amp; co`');
    const out = slackFmt.code('a` <@U1> `b');
    expect(out.match(/`/g)).toHaveLength(2);
    expect(out).toBe('`aˋ &lt;@U1&gt; ˋb`');
    expect(tokens(slackFmt.code(HOSTILE))).toEqual([]);
  });

  it('command writes the slash command as code, escaped the same way', () => {
    expect(slackFmt.command('list')).toBe('`/incident list`');
    expect(slackFmt.command('')).toBe('`/incident`');
    expect(slackFmt.command('declare <title> [sev1|sev2]')).toBe('`/incident declare &lt;title&gt; [sev1|sev2]`');
    expect(slackFmt.command('note `x`').match(/`/g)).toHaveLength(2);
  });

  it('pre fences the lines, and a fence inside them cannot close the block', () => {
    const out = slackFmt.pre('drill d1\n``` <!channel>\nend');
    expect(out).toBe('```\ndrill d1\nˋˋˋ &lt;!channel&gt;\nend\n```');
    expect(out.match(/```/g)).toHaveLength(2);
  });
});

describe('slackFmt marks', () => {
  it('writes mrkdwn for bold, emphasis and icons', () => {
    expect(slackFmt.bold('INC-0001')).toBe('*INC-0001*');
    expect(slackFmt.em('ops')).toBe('_ops_');
    expect(slackFmt.icon('rotating_light')).toBe(':rotating_light:');
  });
});
