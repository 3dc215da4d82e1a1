// Layer rules from ARCHITECTURE.md ("Layout"), checked by dependency-cruiser.
//
//   npm run lint:deps                 the same rules from the command line
//   apps/architecture.spec.ts         runs them on `npm test` and lists every violation
//
// Paths are relative to the repository root; `@casebook/*` aliases are resolved through
// tsconfig.json, so a rule about `libs/platform/` also catches `@casebook/platform/...`.
// Type-only imports count (`tsPreCompilationDeps`): a layer may not lean on another layer's
// types any more than on its code, unless a rule says so.

/** Test code: unit/integration/e2e specs, shared fixtures in `testing/` folders, `test/`. */
const TEST_CODE = '(\\.(int-|e2e-)?spec\\.ts$|/testing/|^test/)';

/** Imports of installed packages (dependency-cruiser's dependency types for node_modules). */
const PACKAGES = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];
/** Node's own modules (`node:crypto`, `fs`, ...). */
const NODE_BUILT_INS = ['core'];

// The "only ..." rules below are allow-lists of third-party code; imports between Casebook's
// own layers are the "not-to-other-layers" rules' business, so each violation is reported once.

module.exports = {
  forbidden: [
    /* ---------------------------------------------------------------- whole codebase */
    {
      name: 'no-circular',
      comment:
        'Modules must not depend on each other in a cycle: cycles make load order fragile ' +
        '(undefined imports at start-up) and blur which layer owns what.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import must resolve to a file or package. An alias that no longer resolves would ' +
        'otherwise slip past every layer rule below unnoticed.',
      severity: 'error',
      from: { path: '^(libs|apps|projections)/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'production-not-to-test-code',
      comment:
        'Production code must not import specs or test fixtures (`testing/` folders, `test/`): ' +
        'tsconfig.build.json leaves them out of dist, so such an import breaks the build output.',
      severity: 'error',
      from: { path: '^(libs|apps|projections)/', pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'libs-and-projections-not-to-apps',
      comment:
        'apps/ sit on top: they compose everything else. Nothing in libs/ or projections/ may ' +
        'reach back up into an app.',
      severity: 'error',
      from: { path: '^(libs|projections)/' },
      to: { path: '^apps/' },
    },

    {
      name: 'apps-not-to-each-other',
      comment:
        'The apps are thin hosts of libs/application and never import each other: what both ' +
        'need (commands, processing, infrastructure) belongs in libs/application (ARCHITECTURE.md).',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/[^/]+/', pathNot: '^apps/$1/' },
    },

    /* ---------------------------------------------------------------- libs/domain */
    {
      name: 'domain-not-to-other-layers',
      comment:
        'The domain (decider, events, policies) is the innermost layer: it imports no other ' +
        'part of Casebook, specs included.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^(libs/(event-store|read-models|platform)|projections|apps)/' },
    },
    {
      name: 'domain-only-pure-libraries',
      comment:
        'Deciders are pure (decision 1): the domain imports nothing but small pure libraries - ' +
        'decimal.js (money/points, decision 8), luxon (time arithmetic), chinese-days (working-day ' +
        'calendar). No Nest, TypeORM, pg, class-validator, rxjs, uuid, and no Node built-ins: ' +
        'time, ids and I/O are passed in. Specs are exempt (they may use node:child_process etc.).',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '\\.(int-)?spec\\.ts$' },
      to: {
        dependencyTypes: [...PACKAGES, ...NODE_BUILT_INS],
        pathNot: '(^|/)node_modules/(decimal\\.js|luxon|@types/luxon|chinese-days)/',
      },
    },

    /* ---------------------------------------------------------------- libs/event-store */
    {
      name: 'event-store-not-to-other-layers',
      comment:
        'The event store port and its adapters know domain types only; they must not depend on ' +
        'platform (HTTP/auth), read models or projections, which all sit downstream of the store.',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: '^(libs/(platform|read-models)|projections)/' },
    },
    {
      name: 'event-store-only-storage-libraries',
      comment:
        'The adapters talk to their stores directly: pg (postgres/, personal data), ' +
        '@eventstore/db-client (esdb/), typeorm (migrations only, see next rule), Node built-ins. ' +
        'No Nest or HTTP concerns inside the store.',
      severity: 'error',
      from: { path: '^libs/event-store/', pathNot: TEST_CODE },
      to: {
        dependencyTypes: PACKAGES,
        pathNot: '(^|/)node_modules/(pg|@types/pg|typeorm|@eventstore/db-client)/',
      },
    },
    {
      name: 'event-store-typeorm-only-in-migrations',
      comment:
        'TypeORM is in the event store only to ship its schema as migrations; reading and ' +
        'appending events use pg directly (gap-safe order, decision 3).',
      severity: 'error',
      from: { path: '^libs/event-store/', pathNot: '(/migrations/|\\.migration\\.ts$)' },
      to: { path: '(^|/)node_modules/typeorm/' },
    },

    /* ---------------------------------------------------------------- libs/read-models */
    {
      name: 'read-models-not-to-other-layers',
      comment:
        'Read models are TypeORM entities, their migrations and their queries; they import no ' +
        'other Casebook layer. The database as a whole is composed in libs/application/src/infrastructure.',
      severity: 'error',
      from: { path: '^libs/read-models/', pathNot: '\\.(int-)?spec\\.ts$' },
      to: { path: '^(libs/(domain|event-store|platform)|projections)/' },
    },
    /* ---------------------------------------------------------------- libs/platform */
    {
      name: 'platform-not-to-other-layers',
      comment:
        'Platform (config, auth, problem+json, idempotency, clock) is cross-cutting plumbing ' +
        'for the apps; it must not know the event store, read models or projections. From the ' +
        'domain it may use only the role vocabulary (roles.ts, for auth) and the error type ' +
        '(errors.ts, mapped to problem+json).',
      severity: 'error',
      from: { path: '^libs/platform/' },
      to: {
        path: '^(libs/(domain|event-store|read-models)|projections)/',
        pathNot: '^libs/domain/src/(roles|errors)\\.ts$',
      },
    },

    /* ---------------------------------------------------------------- libs/application */
    {
      name: 'application-not-to-http',
      comment:
        'The application layer is hosted by the api and the worker alike: it throws domain errors ' +
        'and never speaks HTTP (problem+json, Express, Swagger, class-validator DTOs are apps/api\'s).',
      severity: 'error',
      from: { path: '^libs/application/', pathNot: TEST_CODE },
      to: {
        path: '(^libs/platform/src/(problems|validation|http/(?!request))|(^|/)node_modules/(@nestjs/platform-express|@nestjs/swagger|express|class-validator|class-transformer)/)',
      },
    },

    /* ---------------------------------------------------------------- projections/ */
    {
      name: 'projections-not-to-platform',
      comment:
        'A projection is name, version, handled events and table changes (read-models, domain). ' +
        'It has no HTTP, auth or idempotency concerns.',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^libs/platform/' },
    },
    {
      name: 'projections-event-store-types-only',
      comment:
        'Projections see the event store only through its types (StoredEvent, ...): the runner ' +
        'in libs/application feeds them events, so they never hold an adapter themselves. Specs and ' +
        'fixtures may use a real store.',
      severity: 'error',
      from: { path: '^projections/', pathNot: TEST_CODE },
      to: { path: '^libs/event-store/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'projections-only-typeorm',
      comment:
        'Projections write through the EntityManager the runner hands them, inside the runner\'s ' +
        'transaction (exactly-once, decision 4): typeorm, plus the pure libraries the domain ' +
        'uses. No pg pool of their own, no Nest.',
      severity: 'error',
      from: { path: '^projections/', pathNot: TEST_CODE },
      to: {
        dependencyTypes: PACKAGES,
        pathNot: '(^|/)node_modules/(typeorm|decimal\\.js|luxon|@types/luxon)/',
      },
    },
  ],

  options: {
    // Third-party packages are leaves: check that they are imported, not what they import.
    doNotFollow: { path: 'node_modules' },
    // Count `import type` too, and tag it, so rules can tell type-only from runtime imports.
    tsPreCompilationDeps: true,
    // Resolve @casebook/* through tsconfig.json's paths.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
