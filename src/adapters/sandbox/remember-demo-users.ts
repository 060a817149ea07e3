import { coreCtx, type AdapterDeps } from '../adapter-deps.js';
import { rememberPeople } from '../../core/people/remember-people.js';
import { DEMO_USERS } from './demo-users.js';

/** The sandbox knows its people from the start: their names go into the directory the postmortem names them from. */
export function rememberDemoUsers(deps: AdapterDeps): void {
  rememberPeople({
    ctx: coreCtx(deps, { type: 'system', reason: 'sandbox demo users' }, 'sandbox'),
    input: { people: DEMO_USERS.map((u) => ({ userId: u.id, name: u.name })) },
  });
}
