/**
 * The layers, as dependency-cruiser rules. `npm run lint:deps` (part of `npm test`) cruises
 * electron/, edge-sync/, renderer/src/, renderer/hq-console/src/, renderer/shared/, scripts/, bench/ and tests/ with these rules, then checks
 * folder-level cycles (scripts/lint/folder-cycles.ts) and the 400-line rule. Every rule is an error:
 * a layer that is only advice erodes. An exception is a `pathNot` with a comment saying why.
 *
 * Type-only imports count (tsPreCompilationDeps): a type ties two modules together as much as a value.
 *
 * Bottom to top:
 *   electron/contract, edge-sync/protocol   pure schemas and types, shared by every side
 *   edge-sync/client, edge-sync/hq          the sync client library and the HQ server; nothing from electron/
 *   electron/db, electron/core              store database; config, logging, dispatcher, service context
 *   electron/workers                        generic worker plumbing (host, protocol, runtime)
 *   electron/services/<domain>/             plain Node domains, never Electron, never a transport
 *   electron/services/*.ts                  composition roots: handler table, start-up, worker entry
 *   electron/host, electron/main, preload   transports and the Electron shell
 *   renderer/src                            browser code; contract types only, transport only in api/
 *   renderer/hq-console/src                 the HQ console (browser code): the contract and HQ's console API schemas
 *   renderer/shared                         browser components both of them use (language switch, date field)
 */
const TEST_FILE = '\\.test\\.tsx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'electron-only-in-shell',
      severity: 'error',
      comment:
        'Only electron/main and electron/preload import Electron. Services, core, transports and tests run on plain Node ' +
        '(browser-hosted mode, CLIs, tests); tests mock `electron` instead of importing it.',
      from: { pathNot: '^electron/(main|preload)/' },
      to: { path: '^node_modules/electron/|^electron$' },
    },
    {
      name: 'core-below-services',
      severity: 'error',
      comment:
        'electron/core (config, logging, data dir, dispatcher, event bus, service context) is what services stand on; ' +
        'it never reaches up into a service, a transport, the shell or the renderer.',
      from: { path: '^electron/core/' },
      // edge-sync/protocol sits at the bottom with electron/contract (see above): the logger shares its biometric tripwire.
      to: { path: '^(electron/(services|workers|host|main|preload)|edge-sync|renderer)/', pathNot: '^edge-sync/protocol/' },
    },
    {
      name: 'db-below-domains',
      severity: 'error',
      comment: 'electron/db opens and migrates the store database; repositories live with their domain, not the other way round.',
      from: { path: '^electron/db/' },
      to: { path: '^(electron/(core|services|workers|host|main|preload)|edge-sync|renderer)/' },
    },
    {
      name: 'contract-self-contained',
      severity: 'error',
      comment:
        'electron/contract is compiled into the renderer too: it imports only itself and zod (no Node built-ins, no app code).',
      // Its tests run under vitest on Node and are left out of the renderer build.
      from: { path: '^electron/contract/', pathNot: TEST_FILE },
      // edge-sync/protocol/loyalty-rules.ts is zod only: the rules schema HQ publishes with and stores validate with
      // (issue 13); it sits in protocol because HQ may not import kiosk code, and the contract re-exports it.
      to: { pathNot: '^(electron/contract/|node_modules/zod/|edge-sync/protocol/loyalty-rules\\.ts$)' },
    },
    {
      name: 'services-not-transports',
      severity: 'error',
      comment:
        'A service does not know which transport carries it (Electron IPC, HTTP/WebSocket, in-process): ' +
        'nothing below the transports imports electron/host, electron/main or electron/preload.',
      from: { path: '^(electron/(services|core|db|workers|contract)|edge-sync)/' },
      to: { path: '^electron/(host|main|preload)/' },
    },
    {
      name: 'domains-not-composition',
      severity: 'error',
      comment:
        'The files directly in electron/services/ wire the domains together (handler table, start-up, worker entry); ' +
        'a domain that imported them would import every other domain.',
      from: { path: '^electron/services/[^/]+/' },
      to: { path: '^electron/services/[^/]+$' },
    },
    {
      name: 'membership-kernel-imports-no-domain',
      severity: 'error',
      comment: 'membership-kernel is what every membership domain stands on; it depends on none of them.',
      from: { path: '^electron/services/membership-kernel/' },
      to: { path: '^electron/services/', pathNot: '^electron/services/membership-kernel/' },
    },
    {
      name: 'workers-are-plumbing',
      severity: 'error',
      comment:
        'electron/workers is the generic worker host, protocol and runtime; the entry that puts domains into the ' +
        'worker is electron/services/kiosk-worker.ts, so the plumbing never depends on a domain.',
      from: { path: '^electron/workers/' },
      to: { path: '^(electron/(services|host|main|preload)|edge-sync|renderer)/' },
    },
    {
      name: 'protocol-self-contained',
      severity: 'error',
      comment: 'edge-sync/protocol is the wire format both the kiosk and HQ speak: only itself, npm packages and Node built-ins.',
      from: { path: '^edge-sync/protocol/' },
      to: { path: '^(electron|edge-sync|renderer|scripts|bench|tests)/', pathNot: '^edge-sync/protocol/' },
    },
    {
      name: 'hq-is-a-separate-server',
      severity: 'error',
      comment: 'HQ runs on its own server, far from any kiosk: it imports the protocol and npm packages, never kiosk code.',
      from: { path: '^edge-sync/hq/' },
      to: { path: '^(electron|renderer|edge-sync/client)/' },
    },
    {
      name: 'sync-client-below-app',
      severity: 'error',
      comment:
        'edge-sync/client is the library the kiosk services call (outbox, uploader, downlink): it depends on the ' +
        'protocol and npm packages, not on the app that uses it. Its own tests may build a real store database.',
      from: { path: '^edge-sync/client/', pathNot: TEST_FILE },
      to: { path: '^(electron|renderer|edge-sync/hq)/' },
    },
    {
      name: 'node-never-imports-renderer',
      severity: 'error',
      comment: 'The Node side serves the built renderer as files; it never imports renderer code.',
      from: { path: '^(electron|edge-sync)/' },
      to: { path: '^renderer/' },
    },
    {
      name: 'renderer-shares-only-the-contract',
      severity: 'error',
      comment:
        'The renderer shares the contract with the services and nothing else from the Node side. The HQ console ' +
        '(renderer/hq-console) also imports the console API schemas of HQ route modules (edge-sync/hq/<module>/*-schemas.ts, zod only).',
      from: { path: '^renderer/' },
      to: { path: '^(electron|edge-sync|scripts|bench|tests)/', pathNot: '^electron/contract/|^edge-sync/hq/[^/]+/[^/]+-schemas\\.ts$' },
    },
    {
      name: 'renderer-contract-types-only',
      severity: 'error',
      comment:
        'Outside renderer/src/api the UI uses the contract for types only: values (the bridge key, schemas) belong to ' +
        'the transport. Tests may use a schema to check that the UI covers every value it allows.',
      from: { path: '^renderer/src/', pathNot: `^renderer/src/api/|${TEST_FILE}` },
      to: { path: '^electron/contract/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-transport-only-via-api',
      severity: 'error',
      comment:
        'renderer/src/api is the only door to a transport (Electron bridge or HTTP/WebSocket); main.tsx opens it once ' +
        'and hands the client down through React context, so screens never know which transport they run on.',
      from: { path: '^renderer/src/', pathNot: '^renderer/src/(api/|main\\.tsx$)' },
      to: { path: '^renderer/src/api/' },
    },
    {
      name: 'renderer-is-browser-code',
      severity: 'error',
      comment: 'The renderer and the HQ console run in Chromium: no Node built-ins (their tests, which run on Node, may use them).',
      from: { path: '^renderer/(src|hq-console/src|shared)/', pathNot: TEST_FILE },
      to: {
        dependencyTypes: ['core'],
      },
    },
    {
      name: 'renderer-no-native-packages',
      severity: 'error',
      comment: 'The renderer and the HQ console run in Chromium: native Node packages cannot load there.',
      from: { path: '^renderer/(src|hq-console/src|shared)/' },
      to: { path: '^node_modules/(better-sqlite3|onnxruntime-node|sharp|serialport|@serialport|node-hid|pg|ws)/' },
    },
    {
      name: 'shipped-code-not-tests',
      severity: 'error',
      comment: 'Shipped code never imports tests, test support, benchmarks or scripts.',
      from: { path: '^(electron|edge-sync|renderer)/', pathNot: `${TEST_FILE}|-test-support\\.ts$` },
      to: { path: `^(tests|bench|scripts)/|${TEST_FILE}|-test-support\\.ts$` },
    },
    {
      name: 'shipped-code-no-dev-dependencies',
      severity: 'error',
      comment:
        'The packaged app installs only dependencies, so Node-side code run in production imports no devDependency ' +
        '(type-only imports vanish at compile time). Exception: `electron` itself, a devDependency by electron-builder\'s ' +
        'rule because it ships the runtime; electron-only-in-shell keeps it in main/ and preload/. The renderer is ' +
        'bundled by Vite, so its devDependencies (React) are inside the bundle.',
      from: { path: '^(electron|edge-sync)/', pathNot: `${TEST_FILE}|-test-support\\.ts$` },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '^node_modules/electron/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module imports itself through others, types included. Folder-level cycles are checked by scripts/lint/folder-cycles.ts.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file or an installed package is a typo or a missing dependency.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Not node_modules: excluding it would hide every import of a package from the rules above.
    exclude: { path: '^build/|^tests/e2e/artifacts/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: false,
  },
};
