import type { AlertRecord } from '../alert/alert-record.js';
import type { NormalizedAlert } from '../alert/normalized-alert.js';
import type { AttackCatalog } from '../attack/attack-catalog.js';
import type { Incident } from '../incident/incident.js';
import type { Playbook, PlaybookTrigger } from './playbook-schema.js';

interface Facts {
  incident: Incident;
  alerts: NormalizedAlert[];
  records: AlertRecord[];
}

const lower = (v: string) => v.toLowerCase();

/** Why this trigger matches (for the timeline), or null. */
function matchTrigger(trigger: PlaybookTrigger, facts: Facts, attack: AttackCatalog | null): string | null {
  const reasons: string[] = [];
  const { incident, alerts, records } = facts;
  if (trigger.source) {
    const hit = alerts.find((a) => trigger.source?.includes(a.source));
    if (!hit) return null;
    reasons.push(`source ${hit.source}`);
  }
  if (trigger.service) {
    const services = [incident.service, ...records.map((r) => r.service), ...alerts.map((a) => a.service)]
      .filter((s): s is string => Boolean(s))
      .map(lower);
    const hit = trigger.service.find((s) => services.includes(lower(s)));
    if (!hit) return null;
    reasons.push(`service ${hit}`);
  }
  if (trigger.severity) {
    if (!trigger.severity.includes(incident.severity)) return null;
    reasons.push(`severity ${incident.severity.toUpperCase()}`);
  }
  if (trigger.alert_severity) {
    const hit = alerts.find((a) => trigger.alert_severity?.includes(a.severity));
    if (!hit) return null;
    reasons.push(`alert severity ${hit.severity}`);
  }
  if (trigger.priority) {
    const priorities = [incident.priority, ...records.map((r) => r.priority)].filter(Boolean);
    const hit = trigger.priority.find((p) => priorities.includes(p));
    if (!hit) return null;
    reasons.push(`priority ${hit}`);
  }
  if (trigger.labels) {
    const wanted = Object.entries(trigger.labels);
    if (!alerts.some((a) => wanted.every(([k, v]) => a.labels[k] === v))) return null;
    reasons.push(`labels ${wanted.map(([k, v]) => `${k}=${v}`).join(',')}`);
  }
  const techniques = [...new Set(alerts.flatMap((a) => a.attackTechniques))];
  if (trigger.techniques) {
    // A technique covers its sub-techniques: T1110 matches T1110.003.
    const hit = techniques.find((t) => trigger.techniques?.some((w) => t === w || t.startsWith(`${w}.`)));
    if (!hit) return null;
    reasons.push(`ATT&CK ${hit}`);
  }
  if (trigger.tactics) {
    const tactics = new Set(techniques.flatMap((t) => attack?.tacticsOf(t) ?? []));
    const hit = trigger.tactics.find((t) => tactics.has(t) || tactics.has(tacticShortname(t, attack)));
    if (!hit) return null;
    reasons.push(`tactic ${hit}`);
  }
  if (trigger.title_contains) {
    const titles = [incident.title, ...alerts.map((a) => a.title)].map(lower);
    const hit = trigger.title_contains.find((w) => titles.some((t) => t.includes(lower(w))));
    if (!hit) return null;
    reasons.push(`title mentions "${hit}"`);
  }
  return reasons.join(', ');
}

/** TA0006 → credential-access, so triggers may name tactics either way. */
function tacticShortname(idOrShortname: string, attack: AttackCatalog | null): string {
  return attack?.tacticShortname(idOrShortname) ?? idOrShortname;
}

/** The playbooks whose triggers match this incident, each with the reason. */
export function matchPlaybooks(
  playbooks: readonly Playbook[],
  facts: Facts,
  attack: AttackCatalog | null,
): Array<{ playbook: Playbook; reason: string }> {
  const matches: Array<{ playbook: Playbook; reason: string }> = [];
  for (const playbook of playbooks) {
    for (const trigger of playbook.triggers) {
      const reason = matchTrigger(trigger, facts, attack);
      if (reason !== null) {
        matches.push({ playbook, reason: `matched ${reason}` });
        break;
      }
    }
  }
  return matches;
}
