/**
 * Each adapter depends on the host, the shared main-process module and the contract only: the
 * Electron adapter never reaches into browser mode's folder (nor the other way round), and
 * nothing in the main process or the preload imports the renderer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Every module specifier a file imports or re-exports, resolved against the repository. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  return specifiers.map((s) => (s.startsWith('.') ? relative(root, resolve(root, file, '..', s)) : s));
}

function offenders(dir: string, forbidden: RegExp): string[] {
  return sources(dir).flatMap((file) => importsOf(file).filter((target) => forbidden.test(target)).map((target) => `${file} → ${target}`));
}

describe('adapter boundaries', () => {
  it('the Electron adapter (and its preload) imports nothing of browser mode or the renderer', () => {
    expect(sources('src-main/electron').length).toBeGreaterThan(5);
    expect(offenders('src-main/electron', /^src-main\/web\/|^src-renderer\//)).toEqual([]);
  });

  it('browser mode imports nothing of the Electron adapter or the renderer', () => {
    expect(offenders('src-main/web', /^src-main\/electron\/|^src-renderer\//)).toEqual([]);
  });

  it('the shared module and the host import neither adapter', () => {
    expect(offenders('src-main/shared', /^src-main\/(web|electron)\/|^src-renderer\//)).toEqual([]);
    expect(offenders('src-main/host', /^src-main\/(web|electron)\/|^src-renderer\//)).toEqual([]);
  });

  it('the renderer reaches the preload API through the contract', () => {
    const bridge = sources('src-renderer/src/bridge').flatMap(importsOf);
    expect(bridge).toContain('src-core/api/preload-api');
    expect(offenders('src-renderer', /^src-main\//)).toEqual([]);
  });
});
