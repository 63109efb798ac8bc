/**
 * What importing a profiles file will do, before it is done: each entry is added (a new name),
 * updated (a saved profile of that name whose settings differ: the differing fields are named),
 * or skipped (identical to the saved one). Nothing ever creates two profiles that cannot be told
 * apart: an entry added beside a same-named profile gets a distinct name ("… (imported)").
 */
import type { Profile } from '../../../src-core/api';
import { copyName } from './copy-name';
import type { ImportedProfile } from './profile-export';
import { profileFields, type ProfileFields } from './profile-record';

export type ImportAction = 'add' | 'update' | 'skip' | 'add-copy';

export interface PlannedImport {
  readonly index: number;
  readonly name: string;
  /** The default: add a new name, update a changed profile, skip an identical one. */
  readonly action: ImportAction;
  /** The saved profile of the same name, when there is one. */
  readonly existingId?: string;
  /** Fields that differ from the saved profile (for update). */
  readonly changes: string[];
  /** The name an `add-copy` (or an add beside a same-named entry of the file) would get. */
  readonly copyName?: string;
}

const COMPARED: (keyof ProfileFields)[] = ['uri', 'login', 'host', 'versions', 'heartBeat', 'tls', 'preset', 'color'];

export function planImport(imported: readonly ImportedProfile[], existing: readonly Profile[]): PlannedImport[] {
  const taken = existing.map((p) => p.name);
  const seenInFile = new Set<string>();
  return imported.map(({ fields, passcode }, index) => {
    const saved = existing.find((p) => p.name === fields.name);
    const alternative = copyName(fields.name, [...taken, ...seenInFile]).replace(/ \(copy( \d+)?\)$/, (_m, n: string | undefined) => ` (imported${n ?? ''})`);
    if (seenInFile.has(fields.name)) {
      // The file names the same profile twice: the later one is kept apart, never merged silently.
      seenInFile.add(alternative);
      return { index, name: fields.name, action: 'add-copy', changes: [], copyName: alternative };
    }
    seenInFile.add(fields.name);
    if (!saved) return { index, name: fields.name, action: 'add', changes: [] };
    if (saved.builtIn) return { index, name: fields.name, action: 'add-copy', existingId: saved.id, changes: [], copyName: alternative };
    const changes = differences(fields, profileFields(saved));
    if (passcode !== undefined) changes.push('passcode');
    return { index, name: fields.name, action: changes.length ? 'update' : 'skip', existingId: saved.id, changes, copyName: alternative };
  });
}

function differences(a: ProfileFields, b: ProfileFields): string[] {
  return COMPARED.filter((key) => JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null));
}

/** Colours new profiles take in turn, skipping those in use, so profiles can be told apart at a glance. */
export const PROFILE_COLOURS = ['#2563eb', '#16a34a', '#dc2626', '#d97706', '#0891b2', '#db2777', '#65a30d', '#9333ea', '#0d9488', '#ea580c', '#4f46e5', '#be123c'] as const;

export function nextColour(inUse: readonly (string | undefined)[]): string {
  const used = new Map<string, number>();
  for (const c of inUse) if (c) used.set(c.toLowerCase(), (used.get(c.toLowerCase()) ?? 0) + 1);
  // The least used, in palette order: unused ones first, then the cycle starts again.
  let best: string = PROFILE_COLOURS[0];
  let bestCount = Infinity;
  for (const c of PROFILE_COLOURS) {
    const n = used.get(c) ?? 0;
    if (n < bestCount) {
      best = c;
      bestCount = n;
    }
  }
  return best;
}
