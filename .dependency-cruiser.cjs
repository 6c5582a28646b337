/**
 * The layer rule of ../shared/DESIGN.md, enforced: dependencies point down only.
 *   core  <-  environment  <-  scenarios  <-  providers  <-  engine  <-  report, viewer  <-  cli
 * (src/index.ts is the public library surface and may re-export any layer but cli.)
 * report/ (files) and viewer/ (local web app) sit beside each other above engine: neither imports the other.
 */
const layer = (name) => `^src/${name}/`;

module.exports = {
  forbidden: [
    {
      name: 'core-is-the-bottom',
      severity: 'error',
      comment: 'core/ holds shared types and schemas; it imports no other layer.',
      from: { path: layer('core') },
      to: { path: '^src/(environment|scenarios|providers|engine|report|viewer|cli)/' },
    },
    {
      name: 'environment-below-scenarios',
      severity: 'error',
      comment: 'environment/ is the simulated world; scenarios build on it, never the reverse.',
      from: { path: layer('environment') },
      to: { path: '^src/(scenarios|providers|engine|report|viewer|cli)/' },
    },
    {
      name: 'scenarios-below-providers',
      severity: 'error',
      from: { path: layer('scenarios') },
      to: { path: '^src/(providers|engine|report|viewer|cli)/' },
    },
    {
      name: 'providers-below-engine',
      severity: 'error',
      from: { path: layer('providers') },
      to: { path: '^src/(engine|report|viewer|cli)/' },
    },
    {
      name: 'engine-below-cli',
      severity: 'error',
      from: { path: layer('engine') },
      to: { path: '^src/(report|viewer|cli)/' },
    },
    {
      name: 'report-below-cli',
      severity: 'error',
      comment: 'report/ renders files from engine data; the CLI calls it, never the reverse, and it does not use the viewer.',
      from: { path: layer('report') },
      to: { path: '^src/(viewer|cli)/' },
    },
    {
      name: 'viewer-below-cli',
      severity: 'error',
      comment: 'viewer/ is the local web app over the store; the CLI starts it, never the reverse.',
      from: { path: layer('viewer') },
      to: { path: '^src/(report|cli)/' },
    },
    {
      name: 'library-does-not-import-cli',
      severity: 'error',
      from: { path: '^src/index\\.ts$' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-never-imports-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '(^test/|\\.test\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
