// `npm run package:teams`: the Teams app package, a zip of manifest.json, color.png and outline.png at its root (the
// layout Teams requires), from manifest/teams/ with the {{PLACEHOLDERS}} filled from the environment:
//   TEAMS_APP_ID=<bot app id> TEAMS_BOT_DOMAIN=<host of https://<host>/api/messages> npm run package:teams [-- --out <file>]
// The zip is built with fflate: a maintained, dependency-free zip writer and reader (the tests open the zip with it),
// smaller to trust than hand-written zip headers.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_PACKAGE_PATH = resolve(ROOT, 'dist/teams/warroom-teams.zip');
/** Exactly these files, at the zip's root. */
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;
// The links Teams shows in the app's details; an operator points them at the organisation's own pages.
const LINKS = {
  TEAMS_WEBSITE_URL: {
    placeholder: 'https://warroom.example.com/',
    what: "your team's page about warroom (support contact)",
  },
  TEAMS_PRIVACY_URL: {
    placeholder: 'https://warroom.example.com/privacy',
    what: "your organisation's privacy statement",
  },
  TEAMS_TERMS_URL: {
    placeholder: 'https://warroom.example.com/terms',
    what: "your organisation's terms of use for internal tools",
  },
};
// Stamped on every entry so the same inputs give the same zip, byte for byte.
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');

export class TeamsPackageError extends Error {
  /** @param {string[]} problems one line each, naming the variable and the fix */
  constructor(problems) {
    super(`cannot package the Teams app:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TeamsPackageError';
    this.problems = problems;
  }
}

const blank = (value) => value === undefined || value.trim() === '';

/**
 * The values for the manifest's placeholders, or every problem with them at once.
 * @param {Record<string, string | undefined>} env
 * @returns {{ values: Record<string, string>, notes: string[] }}
 */
export function teamsPackageValues(env, root = ROOT) {
  const problems = [];
  const notes = [];
  const appId = env.TEAMS_APP_ID?.trim() ?? '';
  if (appId === '') {
    problems.push(
      "TEAMS_APP_ID is missing: set it to the bot's Microsoft App ID, a GUID (Azure Bot → Configuration, or Teams Developer Portal → Tools → Bot management), e.g. TEAMS_APP_ID=11111111-2222-3333-4444-555555555555 npm run package:teams",
    );
  } else if (!GUID.test(appId)) {
    // The value is not echoed: a secret pasted into the wrong variable must not land in a CI log.
    problems.push(
      "TEAMS_APP_ID is not a GUID: use the bot's Microsoft App ID (its Application (client) ID), like 11111111-2222-3333-4444-555555555555, not its name or its secret",
    );
  }
  const domain = env.TEAMS_BOT_DOMAIN?.trim().toLowerCase() ?? '';
  if (domain === '') {
    problems.push(
      'TEAMS_BOT_DOMAIN is missing: set it to the host name of the messaging endpoint https://<host>/api/messages, e.g. TEAMS_BOT_DOMAIN=warroom.example.com',
    );
  } else if (!HOST_NAME.test(domain)) {
    problems.push(
      `TEAMS_BOT_DOMAIN="${domain}" is not a host name: give only the host of https://<host>/api/messages, e.g. warroom.example.com (no https://, port or path)`,
    );
  }
  const version =
    env.TEAMS_APP_VERSION?.trim() || JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).version;
  if (!SEMVER.test(version))
    problems.push(`TEAMS_APP_VERSION="${version}" is not a version like 1.0.3: Teams takes major.minor.patch`);
  const values = { TEAMS_APP_ID: appId, TEAMS_BOT_DOMAIN: domain, TEAMS_APP_VERSION: version };
  for (const [name, link] of Object.entries(LINKS)) {
    const value = env[name]?.trim();
    if (blank(value)) {
      notes.push(`note: ${name} is not set, so the app's details link to ${link.placeholder}; set it to ${link.what}`);
      values[name] = link.placeholder;
    } else if (!/^https:\/\/[^\s/]+/i.test(value)) {
      problems.push(`${name}="${value}" is not an https:// URL: point it at ${link.what}`);
    } else {
      values[name] = value;
    }
  }
  if (problems.length > 0) throw new TeamsPackageError(problems);
  return { values, notes };
}

/** Replaces {{NAME}} in every string of the parsed template (never in the JSON text, so no value can break it). */
function fill(node, values) {
  if (typeof node === 'string') {
    return node.replace(/\{\{([A-Z_]+)\}\}/g, (whole, name) => {
      if (!(name in values))
        throw new Error(`manifest/teams/manifest.json uses ${whole}, which package-teams.mjs does not fill`);
      return values[name];
    });
  }
  if (Array.isArray(node)) return node.map((item) => fill(item, values));
  if (node !== null && typeof node === 'object')
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v, values)]));
  return node;
}

/**
 * The manifest as it goes into the package: the template with the environment's values in place.
 * @param {Record<string, string | undefined>} env
 */
export function teamsManifest(env, root = ROOT) {
  const { values, notes } = teamsPackageValues(env, root);
  const template = JSON.parse(readFileSync(resolve(root, 'manifest/teams/manifest.json'), 'utf8'));
  return { manifest: fill(template, values), notes };
}

/**
 * The zip's bytes: the filled manifest and the two icons, at the root.
 * @param {Record<string, string | undefined>} env
 */
export function buildTeamsPackage(env, root = ROOT) {
  const { manifest, notes } = teamsManifest(env, root);
  const icon = (name) => new Uint8Array(readFileSync(resolve(root, 'manifest/teams', name)));
  const zip = zipSync(
    {
      'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
      'color.png': icon('color.png'),
      'outline.png': icon('outline.png'),
    },
    { level: 9, mtime: ZIP_MTIME },
  );
  return { zip, manifest, notes };
}

function outPath(argv) {
  const at = argv.indexOf('--out');
  if (at === -1) return DEFAULT_PACKAGE_PATH;
  const path = argv[at + 1];
  if (!path || path.startsWith('--'))
    throw new TeamsPackageError(['--out needs a file name, e.g. --out dist/teams/warroom-teams.zip']);
  return resolve(path);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const out = outPath(process.argv.slice(2));
    const { zip, manifest, notes } = buildTeamsPackage(process.env);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, zip);
    for (const note of notes) process.stderr.write(`${note}\n`);
    process.stdout.write(
      `wrote ${out}: Teams app ${manifest.id} v${manifest.version}, bot domain ${manifest.validDomains[0]}\n`,
    );
  } catch (error) {
    if (!(error instanceof TeamsPackageError)) throw error;
    process.stderr.write(`warroom: ${error.message}\n`);
    process.exitCode = 1;
  }
}
