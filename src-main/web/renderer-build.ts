/**
 * Browser mode serves out/renderer. When it is missing, or older than the renderer's sources, it is
 * built first with `electron-vite build` (about a second), its output sent to stderr so that
 * stdout keeps only the one line with the address.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The sources whose change makes out/renderer stale. */
const RENDERER_SOURCES = ['src-renderer', 'src-core/api', 'src-core/protocol/spec.ts', 'electron.vite.config.ts'];

export async function rendererNeedsBuild(root: string, rendererDir: string): Promise<boolean> {
  const index = join(rendererDir, 'index.html');
  if (!existsSync(index)) return true;
  const built = (await stat(index)).mtimeMs;
  for (const source of RENDERER_SOURCES) {
    if ((await newestMtime(join(root, source))) > built) return true;
  }
  return false;
}

async function newestMtime(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  }
  return newest;
}

/** Runs `electron-vite build` in `root`; its output goes to stderr. Rejects if it fails. */
export function buildRenderer(root: string): Promise<void> {
  const cli = join(root, 'node_modules/electron-vite/bin/electron-vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`electron-vite build failed (${signal ?? `exit code ${code}`}); its output is above`));
    });
  });
}
