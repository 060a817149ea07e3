import { describeTimelineEntry } from '../src/core/timeline/describe-timeline-entry.js';
import { reply, type IncidentCommand } from './command.js';
import { incidentOfChannel } from './in-incident-channel.js';

const DEFAULT_ENTRIES = 10;
const MAX_ENTRIES = 50;

export const timelineCommand: IncidentCommand = {
  name: 'timeline',
  usage: 'timeline [n]',
  summary: `The last n timeline entries (default ${DEFAULT_ENTRIES}, at most ${MAX_ENTRIES}).`,
  run(args, env) {
    const text = args.trim();
    const n = text === '' ? DEFAULT_ENTRIES : Number(text);
    if (!Number.isInteger(n) || n < 1 || n > MAX_ENTRIES) {
      return reply(`Give a number of entries from 1 to ${MAX_ENTRIES}. Usage: ${env.fmt.command('timeline [n]')}`);
    }
    const incident = incidentOfChannel(env);
    const entries = env.ctx.store.timeline.latest(incident.id, n);
    const people = env.ctx.store.people.all();
    const lines = entries.map((e) => `#${e.seq} ${env.fmt.time(e.at)} ${describeTimelineEntry(e, env.fmt, people)}`);
    return reply([`${env.fmt.bold(`${incident.ref} timeline`)} (last ${entries.length})`, ...lines].join('\n'));
  },
};
