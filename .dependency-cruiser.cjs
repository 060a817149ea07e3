// Layer rules from STYLE.md, checked in `npm test` (npm run lint:deps). Type-only imports count too, except where
// a rule says otherwise: a core that names an adapter's types still depends on it.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-platform-free',
      comment:
        'src/core decides; it imports no adapter, store, outbox, HTTP, executor, CLI or platform SDK (STYLE.md rule 1).',
      severity: 'error',
      from: { path: '^src/core/' },
      to: {
        path: [
          '^src/(adapters|store|infra|http|executors|cli|alerts|catalog)/',
          '^node_modules/(@slack|botbuilder|botframework|@microsoft)/',
          '^node:http',
        ],
      },
    },
    {
      name: 'commands-are-platform-free',
      comment: 'commands/ is the typed grammar every adapter shares: no adapter, store or platform SDK.',
      severity: 'error',
      from: { path: '^commands/' },
      to: { path: ['^src/(adapters|store|infra|http)/', '^node_modules/(@slack|botbuilder|botframework|@microsoft)/'] },
    },
    {
      name: 'interactions-are-platform-free',
      comment:
        'src/interactions is what buttons and forms do, shared by every adapter like commands/: no adapter, store, infra, HTTP or platform SDK.',
      severity: 'error',
      from: { path: '^src/interactions/' },
      to: {
        path: [
          '^src/(adapters|store|infra|http)/',
          '^node_modules/(@slack|botbuilder|botframework|@microsoft)/',
          '^node:http',
        ],
      },
    },
    {
      name: 'adapters-do-not-reach-the-store',
      comment:
        'Adapters decode, call verbs and render; they never query the store (the sandbox chat may name its repo type, wired in app.ts).',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/store/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'teams-sdk-stays-in-its-adapter',
      comment:
        'Every botbuilder/teams-ai import stays in src/adapters/teams/ so a move to the Teams SDK v2 stays local.',
      severity: 'error',
      from: { pathNot: '^src/adapters/teams/' },
      to: { path: '^node_modules/(botbuilder|botframework|@microsoft/teams)' },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle means two modules are one idea split in two, or a shared piece wants its own module (as hash-chain.ts did for the timeline and evidence chains).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
