/**
 * Schemas per profile: its .proto and .avsc files and its destination → codec/type mappings,
 * kept in schemas.json (versioned, written atomically, changed through one queue), compiled on
 * first use and kept compiled until a file changes. A file that does not compile is refused with
 * its problems (line and column); a set whose files refer to something missing is kept, with its
 * problems listed, so files can be added in any order.
 *
 * The profile export carries a profile's schemas (`exportFor`) and an import puts them back under
 * the new profile's id (`importFor`); deleting a profile drops its schemas (`retain`).
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../src-core/api';
import { profileSchemasSchema, type ProfileSchemas, type SchemasByProfile, schemasFile } from './schema-file';
import type { DestinationMappingView, SchemaFileView, SchemaSetView } from '../../../src-core/api/schemas/schemas';
import { SCHEMA_LIMITS } from '../../../src-core/api/schemas/schemas';
import type { SchemaSet } from '../../../src-core/codecs/schema-set';
import { ensurePrivateDir } from '../storage/private-dir';
import { loadVersionedJson, saveVersionedJson, type VersionedJsonFile } from '../storage/json-file';
import { SerialQueue } from '../storage/serial-queue';
import type { StoreDiagnostic } from '../storage/store-diagnostic';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';

export interface SchemaFileInput {
  readonly id?: string;
  readonly name: string;
  readonly kind?: 'protobuf' | 'avro';
  readonly text: string;
}

export interface SchemaStoreOptions {
  readonly dataDir: string;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

export type SchemasListener = (profileId: string) => void;

export class SchemaStore {
  private readonly queue = new SerialQueue();
  private readonly compiled = new Map<string, SchemaSet>();
  private readonly listeners = new Set<SchemasListener>();

  private constructor(
    private readonly file: VersionedJsonFile<SchemasByProfile>,
    private schemas: SchemasByProfile,
    private readonly now: () => Date,
    private readonly newId: () => string,
    readonly diagnostics: readonly StoreDiagnostic[],
  ) {}

  static async open(options: SchemaStoreOptions): Promise<SchemaStore> {
    await ensurePrivateDir(options.dataDir);
    const file = schemasFile(options.dataDir);
    const now = options.now ?? (() => new Date());
    const loaded = await loadVersionedJson(file, now());
    if (loaded.dirty) await saveVersionedJson(file, loaded.value);
    return new SchemaStore(file, loaded.value, now, options.newId ?? randomUUID, loaded.diagnostics);
  }

  onChange(listener: SchemasListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The profile's files, mappings, usable message types and problems. */
  async view(profileId: string): Promise<SchemaSetView> {
    const entry = this.entry(profileId);
    const set = await this.set(profileId);
    return {
      profileId,
      files: structuredClone(entry.files),
      mappings: structuredClone(entry.mappings),
      messageTypes: { protobuf: [...set.proto.messageTypes], avro: [...set.avro.messageTypes] },
      problems: set.problems.map((p) => ({ ...p })),
    };
  }

  /** The compiled schemas, for decoding and encoding (the codec libraries load on first use). */
  async set(profileId: string): Promise<SchemaSet> {
    const cached = this.compiled.get(profileId);
    if (cached) return cached;
    const entry = this.entry(profileId);
    const { compileSchemaSet } = await codecs();
    const set = compileSchemaSet(entry.files, entry.mappings);
    // A change while compiling wins: only cache what is still current.
    if (this.entry(profileId) === entry) this.compiled.set(profileId, set);
    return set;
  }

  /** Adds (no id) or replaces (an id) a file. A file that does not compile on its own is refused. */
  saveFile(profileId: string, input: SchemaFileInput): Promise<SchemaFileView> {
    const kind = input.kind ?? kindFromName(input.name);
    return this.queue.run(async () => {
      const entry = this.entry(profileId);
      const existing = input.id === undefined ? undefined : entry.files.find((f) => f.id === input.id);
      if (input.id !== undefined && !existing) throw new ApiError('not-found', `no schema file ${JSON.stringify(input.id)} in this profile`, { id: input.id });
      if (entry.files.some((f) => f.name === input.name && f.id !== input.id)) {
        throw new ApiError('conflict', `this profile already has a schema file named ${JSON.stringify(input.name)}`, { field: 'name' });
      }
      if (!existing && entry.files.length >= SCHEMA_LIMITS.files) throw new ApiError('too-large', `a profile holds at most ${SCHEMA_LIMITS.files} schema files`);
      const file: SchemaFileView = { id: existing?.id ?? this.newId(), name: input.name, kind, text: input.text, updatedAt: this.now().toISOString() };
      // Syntax is checked on the file alone: a missing import may come with the next file.
      const { compileSchemaSet } = await codecs();
      const alone = compileSchemaSet([file]).problems.filter((p) => p.line !== undefined || !/import|undefined type|no such type/i.test(p.message));
      if (alone.length > 0) {
        const first = alone[0];
        throw new ApiError('invalid-request', `${file.name}${first.line ? ` line ${first.line}${first.column ? `, column ${first.column}` : ''}` : ''}: ${first.message}`, { field: 'text', problems: alone });
      }
      const files = existing ? entry.files.map((f) => (f.id === file.id ? file : f)) : [...entry.files, file];
      await this.commit(profileId, { files, mappings: entry.mappings });
      return structuredClone(file);
    });
  }

  deleteFile(profileId: string, fileId: string): Promise<void> {
    return this.queue.run(async () => {
      const entry = this.entry(profileId);
      if (!entry.files.some((f) => f.id === fileId)) throw new ApiError('not-found', `no schema file ${JSON.stringify(fileId)} in this profile`, { id: fileId });
      await this.commit(profileId, { files: entry.files.filter((f) => f.id !== fileId), mappings: entry.mappings });
    });
  }

  setMappings(profileId: string, mappings: readonly DestinationMappingView[]): Promise<void> {
    return this.queue.run(async () => {
      const entry = this.entry(profileId);
      await this.commit(profileId, { files: entry.files, mappings: mappings.map((m) => ({ ...m })) });
    });
  }

  /** What a profile export carries for this profile: undefined when it has no schemas. */
  exportFor(profileId: string): ProfileSchemas | undefined {
    const entry = this.schemas.get(profileId);
    if (!entry || (entry.files.length === 0 && entry.mappings.length === 0)) return undefined;
    return structuredClone(entry);
  }

  /** Puts an export's schemas under an imported profile's new id (validated: throws invalid-request). */
  importFor(profileId: string, exported: unknown): Promise<void> {
    const parsed = profileSchemasSchema.safeParse(exported);
    if (!parsed.success) throw new ApiError('invalid-request', `schemas: ${summarizeIssues(fieldIssues(parsed.error))}`, { issues: fieldIssues(parsed.error) });
    return this.queue.run(async () => {
      const files = parsed.data.files.map((f) => ({ ...f, id: this.newId() }));
      await this.commit(profileId, { files, mappings: parsed.data.mappings });
    });
  }

  /** Drops the schemas of profiles that no longer exist. */
  retain(profileIds: readonly string[]): Promise<void> {
    const keep = new Set(profileIds);
    const gone = [...this.schemas.keys()].filter((id) => !keep.has(id));
    if (gone.length === 0) return Promise.resolve();
    return this.queue.run(async () => {
      const next = new Map(this.schemas);
      for (const id of gone) next.delete(id);
      await saveVersionedJson(this.file, next);
      this.schemas = next;
      for (const id of gone) this.compiled.delete(id);
    });
  }

  private entry(profileId: string): ProfileSchemas {
    return this.schemas.get(profileId) ?? { files: [], mappings: [] };
  }

  private async commit(profileId: string, entry: ProfileSchemas): Promise<void> {
    const next = new Map(this.schemas);
    next.set(profileId, entry);
    await saveVersionedJson(this.file, next);
    this.schemas = next;
    this.compiled.delete(profileId);
    for (const listener of this.listeners) {
      try {
        listener(profileId);
      } catch {
        // A listener's failure is its own; the change is saved.
      }
    }
  }
}

function codecs() {
  return import('../../../src-core/codecs/schema-set');
}

function kindFromName(name: string): 'protobuf' | 'avro' {
  const lower = name.toLowerCase();
  if (lower.endsWith('.proto')) return 'protobuf';
  if (lower.endsWith('.avsc') || lower.endsWith('.json')) return 'avro';
  throw new ApiError('invalid-request', `cannot tell the kind of ${JSON.stringify(name)}: name it .proto or .avsc, or say the kind`, { field: 'kind' });
}
