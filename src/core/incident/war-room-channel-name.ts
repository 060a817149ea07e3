const MAX_CHANNEL_NAME = 80;

/**
 * `inc-0042-<slug of title>` within Slack's rules: lowercase letters, digits, hyphens, underscores, ≤80 characters.
 * `suffix` (2, 3, …) is added when the platform says the name is taken.
 */
export function warRoomChannelName(number: number, title: string, suffix?: number): string {
  const prefix = `inc-${String(number).padStart(4, '0')}`;
  const tail = suffix && suffix > 1 ? `-${suffix}` : '';
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const room = MAX_CHANNEL_NAME - prefix.length - tail.length - 1;
  const cut = slug.slice(0, room).replace(/-+$/g, '');
  return cut ? `${prefix}-${cut}${tail}` : `${prefix}${tail}`;
}
