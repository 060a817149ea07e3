import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { INCIDENT_COMMANDS } from '../../commands/index.js';
import { MESSAGE_ACTION } from '../../src/adapters/teams/ids.js';
import { loadConfig } from '../../src/config.js';
// @ts-expect-error plain .mjs build script without type declarations
import { teamsManifest } from '../../scripts/package-teams.mjs';

const APP_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const DOMAIN = 'warroom.contoso.com';

interface Command {
  title: string;
  description: string;
}
interface TeamsManifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  accentColor: string;
  name: { short: string };
  bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Command[] }> }>;
  validDomains: string[];
  composeExtensions: Array<{
    botId: string;
    commands: Array<{ id: string; type: string; context: string[]; title: string; fetchTask: boolean }>;
  }>;
  webApplicationInfo: { id: string; resource: string };
  authorization: { permissions: { resourceSpecific: Array<{ name: string; type: string }> } };
}

const filled = (): TeamsManifest =>
  (teamsManifest({ TEAMS_APP_ID: APP_ID, TEAMS_BOT_DOMAIN: DOMAIN }) as { manifest: TeamsManifest }).manifest;

/**
 * The official schema for the manifest's own version, as bundled in @microsoft/app-manifest (the package the Teams
 * Toolkit validates with), compiled the way that package compiles it: draft-04, all errors, uri/email/regex formats.
 */
function schemaValidator(manifestVersion: string) {
  const require = createRequire(import.meta.url);
  const path = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`,
  );
  const schema = JSON.parse(readFileSync(path, 'utf8')) as { $schema: string };
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  // ajv's packages are CommonJS (module.exports is the class, and so is exports.default); under NodeNext the
  // default import is the module object, so `.default` is the one spelling both TypeScript and Node agree on.
  const ajv = new ajvDraft04.default({ allErrors: true, strictTypes: false });
  ajvFormats.default(ajv, ['uri', 'email', 'regex']);
  return ajv.compile(schema);
}

/** A command's arguments as Teams users type them: the usage without `/incident` and without the name. */
const argumentsOf = (usage: string, name: string) =>
  usage
    .replaceAll('/incident ', '')
    .replace(new RegExp(`^${name}\\b`), '')
    .trim();

describe('manifest/teams/manifest.json, filled as npm run package:teams fills it', () => {
  it('is valid against the official Teams schema of its manifestVersion (1.22), bundled in @microsoft/app-manifest', () => {
    const manifest = filled();
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    const validate = schemaValidator(manifest.manifestVersion);
    validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('the schema check can fail: an eleventh command and an app id that is no GUID are refused', () => {
    const validate = schemaValidator('1.22');
    const tooMany = filled();
    const list = tooMany.bots[0]!.commandLists[0]!;
    list.commands = Array.from({ length: 11 }, (_, i) => ({ title: `c${i}`, description: 'x' }));
    expect(validate(tooMany)).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toContain('must NOT have more than 10 items');
    const badId = { ...filled(), id: 'warroom' };
    expect(validate(badId)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/id');
  });

  it('one bot in team and personal scope, one command list per scope, at most 10 commands each', () => {
    const [bot, ...others] = filled().bots;
    expect(others).toEqual([]);
    expect(bot!.scopes).toEqual(['team', 'personal']);
    expect(bot!.commandLists.map((l) => l.scopes)).toEqual([['team'], ['personal']]);
    for (const list of bot!.commandLists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      expect(new Set(list.commands.map((c) => c.title)).size).toBe(list.commands.length);
    }
  });

  it('every listed command is a real warroom command, described with its real arguments', () => {
    const commands = filled().bots[0]!.commandLists.flatMap((l) => l.commands);
    for (const { title, description } of commands) {
      const command = INCIDENT_COMMANDS.find((c) => c.name === title);
      expect(command, `"${title}" is not in commands/index.ts`).toBeDefined();
      const args = argumentsOf(command!.usage, command!.name);
      if (args) expect(description, title).toMatch(new RegExp(`^${args.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} — \\S`));
      else expect(description, title).toMatch(/^[A-Z]/);
      // Teams users type `@warroom declare …`, so the Slack spelling must not leak into the menu.
      expect(description, title).not.toMatch(/\/incident/);
    }
  });

  it('one id everywhere: the Teams app, the bot and the Entra app behind RSC are TEAMS_APP_ID', () => {
    const manifest = filled();
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0]!.botId).toBe(APP_ID);
    expect(manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: `api://${DOMAIN}/botid-${APP_ID}` });
    expect(manifest.validDomains).toEqual([DOMAIN]);
    expect(JSON.stringify(manifest)).not.toContain('{{');
  });

  it('offers one message action, "Add to timeline", the one the adapter answers (a dialog-less fetchTask)', () => {
    const [extension, ...others] = filled().composeExtensions;
    expect(others).toEqual([]);
    expect(extension?.botId).toBe(APP_ID);
    expect(extension?.commands).toEqual([
      expect.objectContaining({
        id: MESSAGE_ACTION.pin,
        type: 'action',
        context: ['message'],
        title: 'Add to timeline',
        fetchTask: true,
      }),
    ]);
  });

  it('asks for exactly the resource-specific consent warroom uses: creating war-room channels in the team', () => {
    // Not ChannelMessage.Read.Group: the bot is @mentioned, so it never needs to read the team's messages.
    expect(filled().authorization.permissions.resourceSpecific).toEqual([
      { name: 'Channel.Create.Group', type: 'Application' },
      { name: 'ChannelSettings.Read.Group', type: 'Application' },
    ]);
  });

  it("the app's name is the name warroom expects to be @mentioned by when TEAMS_BOT_NAME is left at its default", () => {
    const config = loadConfig({
      TEAMS_APP_ID: APP_ID,
      TEAMS_CLIENT_SECRET: 'secret',
      TEAMS_TENANT_ID: APP_ID,
      TEAMS_FALLBACK_CHANNEL_ID: '19:f4llb4ck@thread.tacv2',
    });
    if (config.mode !== 'teams') throw new Error(`expected Teams mode, got ${config.mode}`);
    expect(filled().name.short).toBe(config.teams.botName);
  });
});
