/**
 * Saved raw templates: recipes of the raw frame composer, with a name. Read once at open, changed
 * through a queue, written atomically (the template store's approach, in a file of its own).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../../../src-core/api';
import { RAW_LIMITS, rawTemplateDraftSchema, type RawTemplate } from '../../../src-core/api/schemas/raw';
import { loadVersionedJson, saveVersionedJson, type VersionedJsonFile } from '../storage/json-file';
import { ensurePrivateDir } from '../storage/private-dir';
import { SerialQueue } from '../storage/serial-queue';
import type { StoreDiagnostic } from '../storage/store-diagnostic';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';
import { rawTemplateRecord, rawTemplatesFile } from './raw-template-file';

export type RawTemplateDraft = z.input<typeof rawTemplateDraftSchema>;

export class RawTemplateStore {
  private readonly queue = new SerialQueue();

  private constructor(
    private readonly file: VersionedJsonFile<RawTemplate[]>,
    private templates: RawTemplate[],
    private readonly newId: () => string,
    readonly diagnostics: readonly StoreDiagnostic[],
  ) {}

  static async open(options: { dataDir: string; now?: () => Date; newId?: () => string }): Promise<RawTemplateStore> {
    await ensurePrivateDir(options.dataDir);
    const file = rawTemplatesFile(options.dataDir);
    const loaded = await loadVersionedJson(file, (options.now ?? (() => new Date()))());
    // No file is written until the first template is saved.
    if (loaded.dirty) await saveVersionedJson(file, loaded.value);
    return new RawTemplateStore(file, loaded.value, options.newId ?? randomUUID, loaded.diagnostics);
  }

  get path(): string {
    return this.file.path;
  }

  list(): RawTemplate[] {
    return structuredClone(this.templates);
  }

  /** Creates (no id) or replaces (an existing id); an unknown id answers not-found. */
  save(draft: RawTemplateDraft): Promise<RawTemplate> {
    const parsed = rawTemplateDraftSchema.safeParse(draft);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error);
      throw new ApiError('invalid-request', `raw template: ${summarizeIssues(issues)}`, { issues });
    }
    const { id, ...fields } = parsed.data;
    return this.queue.run(async () => {
      if (id === undefined) {
        if (this.templates.length >= RAW_LIMITS.templates) throw new ApiError('too-large', `at most ${RAW_LIMITS.templates} raw templates: delete some first`);
        const template = rawTemplateRecord({ id: this.newId(), ...fields });
        await this.commit([...this.templates, template]);
        return structuredClone(template);
      }
      this.find(id);
      const template = rawTemplateRecord({ id, ...fields });
      await this.commit(this.templates.map((t) => (t.id === id ? template : t)));
      return structuredClone(template);
    });
  }

  delete(id: string): Promise<void> {
    return this.queue.run(async () => {
      this.find(id);
      await this.commit(this.templates.filter((t) => t.id !== id));
    });
  }

  private find(id: string): RawTemplate {
    const template = this.templates.find((t) => t.id === id);
    if (!template) throw new ApiError('not-found', `no raw template with id ${JSON.stringify(id)}; it may have been deleted: save it as a new one`, { id });
    return template;
  }

  private async commit(next: RawTemplate[]): Promise<void> {
    await saveVersionedJson(this.file, next);
    this.templates = next;
  }
}
