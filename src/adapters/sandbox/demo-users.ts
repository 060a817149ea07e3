/** The people of the sandbox workspace: enough to try handovers, roles and "someone else must approve" alone. */
export const DEMO_USERS = [
  { id: 'alice', name: 'Alice Okafor', title: 'SRE, on call' },
  { id: 'bob', name: 'Bob Lindqvist', title: 'Backend engineer' },
  { id: 'carol', name: 'Carol Medina', title: 'Communications' },
  { id: 'dave', name: 'Dave Chen', title: 'Security analyst' },
] as const;

export type DemoUserId = (typeof DEMO_USERS)[number]['id'];

export const DEMO_USER_IDS = DEMO_USERS.map((u) => u.id) as [DemoUserId, ...DemoUserId[]];

export const BOT_AUTHOR = 'warroom';
