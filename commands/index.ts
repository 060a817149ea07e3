import { closest, distance } from 'fastest-levenshtein';
import { isWarroomError } from '../src/core/errors.js';
import type { Fmt } from '../src/core/fmt.js';
import { closeCommand } from './close.js';
import { resolveCommand } from './resolve.js';
import { reply, type CommandEnv, type CommandResult, type IncidentCommand } from './command.js';
import { declareCommand } from './declare.js';
import { evidenceCommand } from './evidence.js';
import { leadCommand } from './lead.js';
import { listCommand } from './list.js';
import { noteCommand } from './note.js';
import { playbookCommand } from './playbook.js';
import { updateCommand } from './update.js';
import { triageCommand } from './triage.js';
import { splitCommand } from './split.js';
import { ackCommand } from './ack.js';
import { bridgeCommand } from './bridge.js';
import { stepCommand } from './step.js';
import { drillCommand } from './drill.js';
import { statsCommand } from './stats.js';
import { roleCommand } from './role.js';
import { rolesCommand } from './roles.js';
import { sevCommand } from './sev.js';
import { statusCommand } from './status.js';
import { timelineCommand } from './timeline.js';
import { postmortemCommand } from './postmortem.js';
import { actionCommand } from './action.js';

export type { CommandEnv, CommandResult, IncidentCommand } from './command.js';

const helpCommand: IncidentCommand = {
  name: 'help',
  usage: 'help',
  summary: 'This list.',
  run: (_args, env) => reply(helpText(env.fmt)),
};

export const INCIDENT_COMMANDS: readonly IncidentCommand[] = [
  declareCommand,
  ackCommand,
  statusCommand,
  resolveCommand,
  sevCommand,
  leadCommand,
  roleCommand,
  rolesCommand,
  noteCommand,
  updateCommand,
  bridgeCommand,
  timelineCommand,
  playbookCommand,
  stepCommand,
  drillCommand,
  statsCommand,
  evidenceCommand,
  postmortemCommand,
  actionCommand,
  triageCommand,
  splitCommand,
  listCommand,
  closeCommand,
  helpCommand,
];

/** Help in the order a responder needs it; every command is in exactly one section (a test checks). */
export const HELP_SECTIONS: ReadonlyArray<{ title: string; commands: readonly string[] }> = [
  {
    title: 'Run the incident',
    commands: [
      'declare',
      'ack',
      'status',
      'resolve',
      'sev',
      'lead',
      'role',
      'roles',
      'note',
      'update',
      'bridge',
      'timeline',
      'close',
    ],
  },
  { title: 'Playbooks and evidence', commands: ['playbook', 'step', 'evidence', 'drill'] },
  { title: 'Alerts waiting in triage, alert storms', commands: ['triage', 'split'] },
  { title: 'Afterwards', commands: ['postmortem', 'action', 'stats'] },
  { title: 'Anywhere', commands: ['list', 'help'] },
];

/** Every command as this surface types it (`/incident declare …` on Slack, `@warroom declare …` in Teams). */
export function helpText(fmt: Fmt): string {
  const lines = [fmt.bold('warroom commands')];
  for (const section of HELP_SECTIONS) {
    lines.push(fmt.bold(section.title));
    for (const name of section.commands) {
      const c = INCIDENT_COMMANDS.find((command) => command.name === name);
      if (c) lines.push(`• ${fmt.command(c.usage)} — ${typeof c.summary === 'string' ? c.summary : c.summary(fmt)}`);
    }
  }
  return lines.join('\n');
}

/** "Unknown command X": a likely typo gets its correction, never the whole help. */
function unknownCommandText(typed: string, env: CommandEnv): string {
  const names = INCIDENT_COMMANDS.map((c) => c.name);
  const guess = closest(typed.toLowerCase(), names);
  // Within two edits (or a prefix, `decl`) is a typo; anything further is a guess nobody asked for.
  const likely =
    distance(typed.toLowerCase(), guess) <= 2 || (typed.length >= 3 && guess.startsWith(typed.toLowerCase()));
  const hint = likely ? ` Did you mean ${env.fmt.command(guess)}?` : '';
  return `Unknown command "${env.fmt.text(typed)}".${hint} Type ${env.fmt.command('help')} for the list.`;
}

/**
 * Runs `/incident <text>` for any adapter. Known rejections become a reply saying what to type instead;
 * anything else is a bug and is thrown for the adapter to log with the request id.
 */
export function runIncidentCommand(text: string, env: CommandEnv): CommandResult {
  const trimmed = text.trim();
  const [first = ''] = trimmed.split(/\s+/);
  const name = first.toLowerCase();
  if (name === '') return reply(helpText(env.fmt));
  const command = INCIDENT_COMMANDS.find((c) => c.name === name);
  if (!command) return { type: 'reply', text: unknownCommandText(first, env), refused: true };
  const args = trimmed.slice(first.length).trim();
  try {
    return command.run(args, env);
  } catch (error) {
    if (isWarroomError(error)) return { type: 'reply', text: error.describe(env.fmt), refused: true };
    throw error;
  }
}
