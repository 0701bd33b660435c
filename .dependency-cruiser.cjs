/**
 * Imports point down: domain ← db ← services ← api / cli / jobs (docs/architecture.md).
 * `npm run lint:deps` checks it; `npm test` runs it after the typecheck.
 *
 *   src/domain     pure types, schemas and maths: imports nothing of ours but domain
 *   src/extract    text → draft programme: pure, imports domain only
 *   src/db         Kysely, migrations, repositories: imports domain
 *   src/policies   who may do what: imports domain (and db's scope helpers)
 *   src/services   use cases: domain, db, policies, extract
 *   src/jobs       scheduled work: services and below
 *   src/api        Fastify routes: services and below
 *   src/cli        the mandate command: anything (it starts the server and the jobs)
 *   web/src        the React app: only src/domain and src/api/schemas (wire contracts)
 */
const below = (layer, allowed) => ({
  name: `${layer}-imports-down`,
  severity: 'error',
  comment: `src/${layer} may import only ${allowed.join(', ')} of our code (docs/architecture.md)`,
  from: { path: `^src/${layer}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/${layer}/`, ...allowed.map((a) => (a.endsWith('.ts') ? `^src/${a}$` : `^src/${a}/`))],
  },
});

module.exports = {
  forbidden: [
    below('domain', []),
    below('extract', ['domain']),
    below('db', ['domain']),
    below('policies', ['domain', 'db']),
    below('services', ['domain', 'db', 'policies', 'extract', 'config.ts', 'security-config.ts']),
    below('jobs', ['domain', 'db', 'policies', 'services', 'config.ts']),
    below('api', ['domain', 'db', 'policies', 'services', 'extract', 'config.ts', 'security-config.ts']),
    {
      name: 'web-imports-contracts-only',
      severity: 'error',
      comment: 'web/src may import only src/domain and src/api/schemas (the wire contracts), never server code',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: ['^src/domain/', '^src/api/schemas/'] },
    },
    {
      name: 'server-does-not-import-web',
      severity: 'error',
      comment: 'the server never imports the web app',
      from: { path: '^src/' },
      to: { path: '^web/' },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      comment: 'src and web/src never import tests, benchmarks or scripts',
      from: { path: '^(src|web/src)/' },
      to: { path: '^(test|bench|eval|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // type-only imports count too: a wire type copied from a service is still an upward import
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
