import type { Actor } from './actor.js';
import type { AlertPolicy } from './alert/priority-policy.js';
import type { AttackCatalog } from './attack/attack-catalog.js';
import type { Catalog } from './alert/catalog-types.js';
import type { EvidenceVault } from './evidence/evidence-vault.js';
import type { ManifestSigner } from './evidence/manifest-signer.js';
import type { Playbook } from './playbook/playbook-schema.js';
import type { Store } from './store-port.js';
import type { Severity } from './incident/incident.js';

export type Platform = 'slack' | 'sandbox' | 'teams';

/** Deployment settings the verbs need; parsed from the environment by src/config.ts. */
export interface CoreSettings {
  platform: Platform;
  /** Non-lead roles responders can hold, e.g. comms, ops, scribe, security. */
  roles: readonly string[];
  /** Channel that hears about every new incident, if any. */
  announceChannel: string | null;
  /** Priority matrix, war-room threshold, triage channel, grouping rules. */
  alertPolicy: AlertPolicy;
  /** Playbooks loaded from playbooks/*.yaml (the valid ones). */
  playbooks: readonly Playbook[];
  /** MITRE ATT&CK Enterprise, for tactic triggers and names; null when not loaded. */
  attack: AttackCatalog | null;
  /**
   * The evidence vault's content store and time zone (src/infra/evidence builds it from DATA_DIR). Optional because
   * tools and tests that run without a data directory have no vault: evidence commands then say so, and action
   * results are recorded in the timeline only.
   */
  evidence?: EvidenceVault;
  /**
   * The deployment's Ed25519 key (DATA_DIR/keys), which signs a timeline checkpoint at every status change and at
   * close. The server always has it; tools that change no status (the drill CLI) run without, and then no
   * checkpoint is written (`warroom timeline verify` says the incident has none).
   */
  signer?: ManifestSigner;
  /** The service catalog, for escalation levels; absent in tools that do not need it. */
  catalog?: Catalog;
  /** Recorded webhooks per playbook id (playbooks/drills/*.jsonl) that `/incident drill` replays. */
  drillReplays?: Readonly<Record<string, ReadonlyArray<{ source: string; body: string }>>>;
  /** IANA time zone (WARROOM_TIME_ZONE) for times written into documents such as the postmortem. */
  timeZone: string;
  /** Severities that close only after a finalized postmortem (WARROOM_POSTMORTEM_REQUIRED); default sev1, sev2. */
  postmortemRequired?: readonly Severity[];
}

/** Everything a verb needs besides its input. Time comes only from `now()` so tests control the clock. */
export interface Ctx {
  actor: Actor;
  now: () => Date;
  store: Store;
  requestId: string;
  settings: CoreSettings;
}
