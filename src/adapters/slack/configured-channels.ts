import { isAbsolute, relative } from 'node:path';
import type { WarroomConfig } from '../../config.js';
import type { AlertPolicy } from '../../core/alert/priority-policy.js';
import type { ConfiguredChannel } from './check-slack-workspace.js';

/** Every channel warroom posts to outside war rooms, with the setting that names it (for the start-up check). */
export function configuredChannels(config: WarroomConfig, policy: AlertPolicy): ConfiguredChannel[] {
  // Relative to where warroom runs when the file is in the project (config/policy.yaml), absolute otherwise.
  const path = config.alerts.policyPath;
  const rel = path ? relative(process.cwd(), path) : '';
  const policyFile = path ? (rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path) : null;
  const inPolicy = (key: string) =>
    policyFile ? `${key} in ${policyFile}` : `${key} (no policy file; set WARROOM_POLICY)`;
  const channels: ConfiguredChannel[] = [
    {
      role: 'triage',
      ref: policy.triage_channel,
      setting: config.triageChannel
        ? 'WARROOM_TRIAGE_CHANNEL'
        : `${inPolicy('triage_channel')} or WARROOM_TRIAGE_CHANNEL`,
      createIfMissing: true,
      essential: true,
    },
  ];
  if (config.announceChannel)
    channels.push({
      role: 'announcements',
      ref: config.announceChannel,
      setting: 'WARROOM_ANNOUNCE_CHANNEL',
      createIfMissing: false,
      essential: false,
    });
  const digest = policy.reminders.weekly_digest.channel;
  if (digest)
    channels.push({
      role: 'digest',
      ref: digest,
      setting: inPolicy('reminders.weekly_digest.channel'),
      createIfMissing: false,
      essential: false,
    });
  return channels;
}
