import type { Ctx } from '../context.js';

/**
 * What the operator verbs (verify, export) need: who, when, and the store. They run from the `warroom` CLI,
 * which has no chat platform or playbooks to configure, so they do not ask for the rest of Ctx.
 */
export type OperatorCtx = Pick<Ctx, 'actor' | 'now' | 'store'>;
