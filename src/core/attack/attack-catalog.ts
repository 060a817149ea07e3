import { z } from 'zod';

/** MITRE ATT&CK Enterprise (attack/attack-enterprise.json, copied from the public STIX data with its notice). */
export const AttackData = z.object({
  source: z.string(),
  notice: z.string(),
  tactics: z.array(z.object({ id: z.string(), shortname: z.string(), name: z.string() })),
  techniques: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      tactics: z.array(z.string()),
      platforms: z.array(z.string()).optional(),
    }),
  ),
});
export type AttackData = z.infer<typeof AttackData>;

export interface AttackCatalog {
  notice: string;
  technique(id: string): { id: string; name: string; tactics: string[] } | null;
  /** Tactic shortnames (e.g. `impact`) of a technique; a sub-technique inherits its parent's when it has none. */
  tacticsOf(id: string): string[];
  isTactic(shortnameOrId: string): boolean;
  /** TA0006 → credential-access; a shortname is returned as is; unknown → null. */
  tacticShortname(shortnameOrId: string): string | null;
  /** `T1486 Data Encrypted for Impact` when known, else the id. */
  label(id: string): string;
}

export function attackCatalog(data: AttackData): AttackCatalog {
  const techniques = new Map(data.techniques.map((t) => [t.id, t]));
  const tactics = new Set(data.tactics.flatMap((t) => [t.shortname, t.id]));
  const technique = (id: string) => techniques.get(id) ?? null;
  return {
    notice: data.notice,
    technique,
    tacticsOf(id) {
      const own = technique(id)?.tactics ?? [];
      return own.length > 0 ? own : (technique(id.split('.')[0] ?? '')?.tactics ?? []);
    },
    isTactic: (v) => tactics.has(v),
    tacticShortname: (v) => data.tactics.find((t) => t.id === v || t.shortname === v)?.shortname ?? null,
    label: (id) => {
      const t = technique(id);
      return t ? `${t.id} ${t.name}` : id;
    },
  };
}
