/**
 * A throw-away copy of the project for tests that install, build or package: the sources and
 * configuration copied, node_modules a folder of links to the checkout's packages except
 * `electron`, which is a real copy without its runtime. Whatever `npm start` unpacks into
 * node_modules/electron/dist, or `npm run dist` writes to out/ and dist/, stays in the copy: the
 * checkout is left as it was.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');

const COPIED = [
  'package.json',
  'electron-builder.yml',
  'electron.vite.config.ts',
  'tsconfig.json',
  'tsconfig.base.json',
  'tsconfig.node.json',
  'tsconfig.web.json',
  'build',
  'scripts/start.mjs',
  'scripts/system',
  'src-core',
  'src-main',
  'src-renderer',
];

export interface ProjectSandbox {
  readonly root: string;
  /** node_modules/electron inside the copy. */
  readonly electronDir: string;
  remove(): void;
}

export function createProjectSandbox(prefix = 'stomp-explorer-sandbox-'): ProjectSandbox {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of COPIED) cpSync(join(repoRoot, entry), join(root, entry), { recursive: true });
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(repoRoot, 'node_modules'))) {
    if (name === 'electron') continue;
    symlinkSync(join(repoRoot, 'node_modules', name), join(modules, name));
  }
  const electronDir = join(modules, 'electron');
  cpSync(join(repoRoot, 'node_modules/electron'), electronDir, {
    recursive: true,
    filter: (source) => !/[\\/]electron[\\/](dist|path\.txt)$/.test(source),
  });
  return { root, electronDir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
