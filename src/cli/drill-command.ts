import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { alertSources } from '../alerts/sources/index.js';
import { loadAttackCatalog } from '../catalog/load-attack-catalog.js';
import { loadPlaybooks } from '../catalog/load-playbooks.js';
import { DEFAULT_ALERT_POLICY } from '../core/alert/priority-policy.js';
import type { CoreSettings } from '../core/context.js';
import { describeDrill } from '../core/drill/describe-drill.js';
import { queueDrill } from '../core/drill/queue-drill.js';
import { parseIncidentRef } from '../core/incident/incident.js';
import type { Store } from '../core/store-port.js';
import { parseReplay, ReplayFileError } from '../infra/drill/drill-replay.js';
import { checkReplay, toWebhooks } from '../infra/drill/load-drill-replays.js';
import type { CliResult } from './cli-result.js';

export const DRILL_HELP = `Usage: warroom drill <playbook> [--replay <alerts.jsonl>] [--wait <seconds>]
       warroom drill report <INC-0042>

Replays recorded telemetry (default: playbooks/drills/<playbook>.jsonl) through the real ingestion path of the
warroom server that uses this database, into a war room marked [DRILL]: nobody is paged or announced. Prints which
alerts came in, which playbooks attached and why, and per step how long it took (again later with "report").
Exit status: 0 when the playbook attached, 1 when it did not (or no war room appeared in time), 2 for bad usage.`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function drillCommand(store: Store, args: string[], playbooksFolder: string): Promise<CliResult> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { replay: { type: 'string' }, wait: { type: 'string', default: '20' } },
    });
  } catch (error) {
    return { code: 2, stderr: `${error instanceof Error ? error.message : String(error)}\n${DRILL_HELP}` };
  }
  const [first, second] = parsed.positionals;
  if (!first) return { code: 2, stderr: DRILL_HELP };
  if (first === 'report') {
    const number = second ? parseIncidentRef(second) : null;
    const incident = number === null ? null : store.incidents.byNumber(number);
    if (!incident) return { code: 2, stderr: `No incident ${second ?? ''}. Usage: warroom drill report <INC-0042>` };
    return { code: 0, stdout: describeDrill(store, incident, new Date()) };
  }
  const playbooks = loadPlaybooks(playbooksFolder, loadAttackCatalog()).playbooks;
  const file = parsed.values.replay ?? `${playbooksFolder}/drills/${first}.jsonl`;
  if (!existsSync(file))
    return {
      code: 2,
      stderr: `No replay file ${file}. Record one (JSONL: {"source": "...", "payload": {...}} per line) or pass --replay <file>.`,
    };
  let webhooks;
  try {
    const lines = parseReplay(file, readFileSync(file, 'utf8'));
    const problems = checkReplay(file, lines, alertSources());
    if (problems.length > 0) return { code: 2, stderr: problems.join('\n') };
    webhooks = toWebhooks(lines);
  } catch (error) {
    if (error instanceof ReplayFileError) return { code: 2, stderr: error.problems.join('\n') };
    throw error;
  }
  // queueDrill needs only the playbooks; the CLI is not a chat platform, so the rest are neutral defaults.
  const settings: CoreSettings = {
    platform: 'sandbox',
    roles: [],
    announceChannel: null,
    alertPolicy: DEFAULT_ALERT_POLICY,
    playbooks,
    attack: null,
    timeZone: 'UTC',
  };
  const ctx = {
    actor: { type: 'system' as const, reason: 'warroom drill (operator)' },
    now: () => new Date(),
    store,
    requestId: 'cli-drill',
    settings,
  };
  let queued;
  try {
    queued = queueDrill({ ctx, input: { playbookId: first, webhooks } });
  } catch (error) {
    return { code: 2, stderr: error instanceof Error ? error.message : String(error) };
  }
  const deadline = Date.now() + Number(parsed.values.wait) * 1000;
  for (;;) {
    const incident = store.incidents.listAll().find((i) => i.drillTag === queued.tag);
    if (incident) {
      const attached = store.playbooks.runsFor(incident.id).some((r) => r.playbookId === first);
      return { code: attached ? 0 : 1, stdout: describeDrill(store, incident, new Date()) };
    }
    if (Date.now() >= deadline) {
      return {
        code: 1,
        stderr: `Queued ${queued.queued} webhooks as drill ${queued.tag}, but no war room appeared in ${parsed.values.wait} s. Is the warroom server running on this database? It processes them when it starts.`,
      };
    }
    await sleep(200);
  }
}
