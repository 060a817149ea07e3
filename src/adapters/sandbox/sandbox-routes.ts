import { readFileSync } from 'node:fs';
import type { Route } from '../../http/router.js';
import type { AdapterDeps } from '../adapter-deps.js';
import { actionRoutes } from './action-routes.js';
import { channelRoutes } from './channel-routes.js';
import { formRoutes } from './form-routes.js';
import { messageRoutes } from './message-routes.js';
import type { SandboxChat } from './sandbox-chat.js';
import { sandboxKit } from './sandbox-request.js';

const asset = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8');
const ASSETS: Array<[path: string, file: string, type: string]> = [
  ['/', 'index.html', 'text/html'],
  ['/sandbox/app.js', 'app.js', 'text/javascript'],
  ['/sandbox/simulate-alert.js', 'simulate-alert.js', 'text/javascript'],
  ['/sandbox/app.css', 'app.css', 'text/css'],
];

/**
 * No other site may show the sandbox in a frame: under an invisible frame, a visitor's clicks would press its buttons
 * (approve, resolve) with nobody logged in to stop them. Both headers, for browsers without Fetch Metadata.
 */
const NOT_FRAMED = {
  'x-frame-options': 'DENY',
  'content-security-policy': "frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

/** The sandbox's web chat and its JSON API. Same commands and verbs as Slack; only the transport differs. */
export function sandboxRoutes(chat: SandboxChat, deps: AdapterDeps): Route[] {
  const kit = sandboxKit(chat, deps);
  // No guard here: app.ts hands guardLoopbackRequest to the router, which applies it to every route in sandbox mode.
  return [
    ...ASSETS.map(
      ([path, file, type]): Route => ({
        method: 'GET',
        path,
        handler: (_req, res) =>
          void res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, ...NOT_FRAMED }).end(asset(file)),
      }),
    ),
    ...channelRoutes(kit),
    ...messageRoutes(kit),
    ...actionRoutes(kit),
    ...formRoutes(kit),
  ];
}
