/**
 * Saved message templates: destination, headers and body to send again from the composer.
 * Read once at open, changed through a queue, written atomically: the same approach as the
 * profiles, without secrets (a template is sent as written, so it is stored as written).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ApiError, idSchema, templateSchema, type Template } from '../../../src-core/api';
import { ensurePrivateDir } from '../storage/private-dir';
import { loadVersionedJson, saveVersionedJson, type VersionedJsonFile } from '../storage/json-file';
import { SerialQueue } from '../storage/serial-queue';
import type { StoreDiagnostic } from '../storage/store-diagnostic';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';
import { templateRecord, templatesFile } from './template-file';

/** What templates.save takes: a template without an id is new; with one, it replaces that one. */
export const templateDraftSchema = templateSchema.omit({ id: true }).extend({ id: idSchema.optional() });
export type TemplateDraft = z.input<typeof templateDraftSchema>;

export type TemplatesListener = (templates: Template[]) => void;

export interface TemplateStoreOptions {
  readonly dataDir: string;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

export class TemplateStore {
  private readonly queue = new SerialQueue();
  private readonly listeners = new Set<TemplatesListener>();

  private constructor(
    private readonly file: VersionedJsonFile<Template[]>,
    private templates: Template[],
    private readonly newId: () => string,
    readonly diagnostics: readonly StoreDiagnostic[],
  ) {}

  static async open(options: TemplateStoreOptions): Promise<TemplateStore> {
    const now = options.now ?? (() => new Date());
    await ensurePrivateDir(options.dataDir);
    const file = templatesFile(options.dataDir);
    const loaded = await loadVersionedJson(file, now());
    // No file is written until the first template is saved: an empty list needs none.
    if (loaded.dirty) await saveVersionedJson(file, loaded.value);
    return new TemplateStore(file, loaded.value, options.newId ?? randomUUID, loaded.diagnostics);
  }

  get path(): string {
    return this.file.path;
  }

  list(): Template[] {
    return structuredClone(this.templates);
  }

  get(id: string): Template {
    return structuredClone(this.find(id));
  }

  onChange(listener: TemplatesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates (no id) or replaces (an existing id) a template; an unknown id answers not-found. */
  save(draft: TemplateDraft): Promise<Template> {
    const parsed = templateDraftSchema.safeParse(draft);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error);
      throw new ApiError('invalid-request', `template: ${summarizeIssues(issues)}`, { issues });
    }
    const { id, ...fields } = parsed.data;
    return this.queue.run(async () => {
      if (id === undefined) {
        const template = templateRecord({ id: this.newId(), ...fields });
        await this.commit([...this.templates, template]);
        return structuredClone(template);
      }
      this.find(id);
      const template = templateRecord({ id, ...fields });
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

  private find(id: string): Template {
    const template = this.templates.find((t) => t.id === id);
    if (!template) throw new ApiError('not-found', `no template with id ${JSON.stringify(id)}; it may have been deleted: save it as a new one`, { id });
    return template;
  }

  private async commit(next: Template[]): Promise<void> {
    await saveVersionedJson(this.file, next);
    this.templates = next;
    const snapshot = this.list();
    for (const listener of this.listeners) {
      try {
        listener(structuredClone(snapshot));
      } catch {
        // A listener's failure is its own; the change is saved.
      }
    }
  }
}
