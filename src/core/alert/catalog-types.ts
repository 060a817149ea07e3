import { z } from 'zod';
import { BridgeUrl } from '../incident/bridge-url.js';

/** 1 is the most critical tier (customer-facing, revenue), 4 the least. */
export const Tier = z.number().int().min(1).max(4);
export type Tier = z.infer<typeof Tier>;

const UserIds = z.array(z.string().min(1)).default([]);
/** Teams people by their Entra object id (a GUID: Entra ID → Users → Object ID), the id that stays the same in every team. */
const EntraObjectIds = z
  .array(z.uuid({ error: 'a Teams user is named by their Entra object id, a GUID like 4f1c…-…' }))
  .default([]);

export const CatalogService = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, dot, dash or underscore'),
  name: z.string().min(1),
  owner_team: z.string().min(1),
  tier: Tier,
  /** Names alert sources use for this service (job, app, component…), matched case-insensitively. */
  aliases: z.array(z.string()).default([]),
  oncall: z
    .object({
      /** Slack user group (subteam) id, e.g. S0123ABCD: mentioned and its members invited. */
      slack_usergroup: z
        .string()
        .regex(/^S[A-Z0-9]+$/, 'a Slack user group id looks like S0123ABCD')
        .optional(),
      slack_users: UserIds,
      teams_team: z.string().optional(),
      teams_users: EntraObjectIds,
      sandbox_users: UserIds,
    })
    .default({ slack_users: [], teams_users: [], sandbox_users: [] }),
  runbooks: z.array(z.url()).default([]),
  /** The team's standing incident call: alert-opened incidents of this service start with it as their bridge. */
  bridge_url: BridgeUrl.optional(),
  dependencies: z.array(z.string()).default([]),
  /** Who is paged next while an incident of this service stays unacknowledged, level by level. */
  escalation: z
    .array(
      z
        .object({
          after_minutes: z
            .number()
            .int()
            .positive()
            .max(24 * 60),
          slack_usergroup: z
            .string()
            .regex(/^S[A-Z0-9]+$/, 'a Slack user group id looks like S0123ABCD')
            .optional(),
          slack_users: UserIds,
          teams_users: EntraObjectIds,
          sandbox_users: UserIds,
        })
        .strict(),
    )
    .default([]),
});
export type CatalogService = z.infer<typeof CatalogService>;

export const CatalogAsset = z
  .object({
    /** Exactly one way to recognise the asset: a host glob (`web-*.prod`), an IP or CIDR, or a cloud resource id/ARN glob. */
    match: z.union([
      z.object({ host: z.string().min(1) }).strict(),
      z.object({ ip: z.string().min(1) }).strict(),
      z.object({ cloud_resource: z.string().min(1) }).strict(),
    ]),
    service: z.string().optional(),
    /** Overrides the service's tier for this asset. */
    criticality: Tier.optional(),
    owner: z.string().optional(),
    environment: z.string().default('production'),
  })
  .strict();
export type CatalogAsset = z.infer<typeof CatalogAsset>;

export const CatalogIdentity = z
  .object({
    user: z.string().min(1),
    team: z.string().optional(),
    privileged: z.boolean().default(false),
  })
  .strict();
export type CatalogIdentity = z.infer<typeof CatalogIdentity>;

export const Catalog = z
  .object({
    services: z.array(CatalogService).default([]),
    assets: z.array(CatalogAsset).default([]),
    identities: z.array(CatalogIdentity).default([]),
  })
  .strict();
export type Catalog = z.infer<typeof Catalog>;

/** What enrichment found for one alert. Everything may be unknown. */
export interface Enrichment {
  service: CatalogService | null;
  asset: CatalogAsset | null;
  identity: CatalogIdentity | null;
  /** The asset's criticality, else its service's tier, else null. */
  tier: Tier | null;
  environment: string | null;
  owner: string | null;
}

export const NO_ENRICHMENT: Enrichment = {
  service: null,
  asset: null,
  identity: null,
  tier: null,
  environment: null,
  owner: null,
};
