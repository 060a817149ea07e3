import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without type declarations
import { buildTeamsPackage } from '../../scripts/package-teams.mjs';

const SCRIPT = fileURLToPath(new URL('../../scripts/package-teams.mjs', import.meta.url));
const MANIFEST_DIR = fileURLToPath(new URL('../../manifest/teams/', import.meta.url));
const APP_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const DOMAIN = 'warroom.contoso.com';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'warroom-teams-package-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the script as `npm run package:teams` does, with only the given variables (and PATH) in its environment. */
async function runPackage(
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  const out = join(dir, 'warroom-teams.zip');
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, '--out', out], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout, stderr, out };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr, out };
  }
}

describe('npm run package:teams', () => {
  it('writes a zip holding exactly manifest.json, color.png and outline.png at its root, the manifest filled in', async () => {
    const run = await runPackage({
      TEAMS_APP_ID: APP_ID,
      TEAMS_BOT_DOMAIN: DOMAIN,
      TEAMS_PRIVACY_URL: 'https://intranet.contoso.com/privacy',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Teams app ${APP_ID}`);
    // The two links left unset are named, with what to set them to.
    expect(run.stderr).toMatch(/TEAMS_WEBSITE_URL is not set/);
    expect(run.stderr).toMatch(/TEAMS_TERMS_URL is not set/);
    expect(run.stderr).not.toMatch(/TEAMS_PRIVACY_URL/);

    const entries = unzipSync(new Uint8Array(readFileSync(run.out)));
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as Record<string, unknown> & {
      bots: Array<{ botId: string }>;
      developer: Record<string, string>;
    };
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual([DOMAIN]);
    expect(manifest.version).toBe(
      JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')).version,
    );
    expect(manifest.developer.privacyUrl).toBe('https://intranet.contoso.com/privacy');
    expect(manifest.developer.termsOfUseUrl).toBe('https://warroom.example.com/terms');
    expect(Buffer.from(entries['color.png']!).equals(readFileSync(join(MANIFEST_DIR, 'color.png')))).toBe(true);
    expect(Buffer.from(entries['outline.png']!).equals(readFileSync(join(MANIFEST_DIR, 'outline.png')))).toBe(true);
  });

  it('refuses without TEAMS_APP_ID, naming the variable and where to find it, and writes nothing', async () => {
    const run = await runPackage({ TEAMS_BOT_DOMAIN: DOMAIN });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^warroom: cannot package the Teams app:\n {2}- TEAMS_APP_ID is missing: set it to the bot's Microsoft App ID, a GUID \(Azure Bot → Configuration/,
    );
    expect(existsSync(run.out)).toBe(false);
  });

  it.each([
    ['a name', 'warroom-bot'],
    ['a GUID with a character too many', `${APP_ID}0`],
    ['a GUID in braces', `{${APP_ID}}`],
  ])('refuses a TEAMS_APP_ID that is %s, without echoing it', async (_what, value) => {
    const run = await runPackage({ TEAMS_APP_ID: value, TEAMS_BOT_DOMAIN: DOMAIN });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("TEAMS_APP_ID is not a GUID: use the bot's Microsoft App ID");
    expect(run.stderr).not.toContain(value);
    expect(existsSync(run.out)).toBe(false);
  });

  it('refuses a messaging endpoint URL where the host name belongs, and an http:// link, each on its own line', async () => {
    const run = await runPackage({
      TEAMS_APP_ID: APP_ID,
      TEAMS_BOT_DOMAIN: `https://${DOMAIN}/api/messages`,
      TEAMS_TERMS_URL: 'http://intranet.contoso.com/terms',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `TEAMS_BOT_DOMAIN="https://${DOMAIN}/api/messages" is not a host name: give only the host of https://<host>/api/messages`,
    );
    expect(run.stderr).toContain('TEAMS_TERMS_URL="http://intranet.contoso.com/terms" is not an https:// URL');
    expect(existsSync(run.out)).toBe(false);
  });

  it('the same inputs give the same zip, byte for byte (entries carry a fixed date)', () => {
    const env = { TEAMS_APP_ID: APP_ID, TEAMS_BOT_DOMAIN: DOMAIN };
    const first = (buildTeamsPackage(env) as { zip: Uint8Array }).zip;
    const second = (buildTeamsPackage(env) as { zip: Uint8Array }).zip;
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const other = (buildTeamsPackage({ ...env, TEAMS_APP_VERSION: '1.0.1' }) as { zip: Uint8Array }).zip;
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });
});
