/**
 * Saved proxy definitions (see proxy-file.ts): read once at open, changed through a queue, written
 * atomically, as the templates and profiles are. Kept apart from the profile store: a proxy
 * points at a profile (its upstream) and owns nothing of it.
 */
import { randomUUID } from 'node:crypto';
import { ApiError, proxyDefinitionInputSchema, type FaultSettingsView, type HoldRuleView, type ProxyDefinitionInput } from '../../../src-core/api';
import { ensurePrivateDir } from '../storage/private-dir';
import { loadVersionedJson, saveVersionedJson, type VersionedJsonFile } from '../storage/json-file';
import { SerialQueue } from '../storage/serial-queue';
import type { StoreDiagnostic } from '../storage/store-diagnostic';
import { fieldIssues, summarizeIssues } from '../storage/zod-issues';
import { proxiesFile, type ProxyRecord } from './proxy-file';

export class ProxyStore {
  private readonly queue = new SerialQueue();

  private constructor(
    private readonly file: VersionedJsonFile<ProxyRecord[]>,
    private records: ProxyRecord[],
    private readonly newId: () => string,
    readonly diagnostics: readonly StoreDiagnostic[],
  ) {}

  static async open(options: { dataDir: string; newId?: () => string; now?: () => Date }): Promise<ProxyStore> {
    await ensurePrivateDir(options.dataDir);
    const file = proxiesFile(options.dataDir);
    const loaded = await loadVersionedJson(file, (options.now ?? (() => new Date()))());
    if (loaded.dirty) await saveVersionedJson(file, loaded.value);
    return new ProxyStore(file, loaded.value, options.newId ?? (() => `proxy-${randomUUID()}`), loaded.diagnostics);
  }

  list(): ProxyRecord[] {
    return structuredClone(this.records);
  }

  get(id: string): ProxyRecord {
    const found = this.records.find((r) => r.id === id);
    if (!found) throw new ApiError('not-found', `no proxy with id ${JSON.stringify(id)}`, { id });
    return structuredClone(found);
  }

  create(input: ProxyDefinitionInput): Promise<ProxyRecord> {
    const definition = this.check(input);
    return this.queue.run(async () => {
      const record: ProxyRecord = { id: this.newId(), ...definition, rules: [], faults: {} };
      await this.commit([...this.records, record]);
      return structuredClone(record);
    });
  }

  update(id: string, input: ProxyDefinitionInput): Promise<ProxyRecord> {
    const definition = this.check(input);
    return this.change(id, (record) => ({ ...record, ...definition }));
  }

  setRules(id: string, rules: HoldRuleView[]): Promise<ProxyRecord> {
    return this.change(id, (record) => ({ ...record, rules }));
  }

  setFaults(id: string, faults: FaultSettingsView): Promise<ProxyRecord> {
    return this.change(id, (record) => ({ ...record, faults }));
  }

  delete(id: string): Promise<void> {
    return this.queue.run(async () => {
      this.get(id);
      await this.commit(this.records.filter((r) => r.id !== id));
    });
  }

  private change(id: string, update: (record: ProxyRecord) => ProxyRecord): Promise<ProxyRecord> {
    return this.queue.run(async () => {
      const next = update(this.get(id));
      await this.commit(this.records.map((r) => (r.id === id ? next : r)));
      return structuredClone(next);
    });
  }

  private check(input: ProxyDefinitionInput) {
    const parsed = proxyDefinitionInputSchema.safeParse(input);
    if (!parsed.success) {
      const issues = fieldIssues(parsed.error);
      throw new ApiError('invalid-request', `proxy: ${summarizeIssues(issues)}`, { issues });
    }
    return parsed.data;
  }

  private async commit(next: ProxyRecord[]): Promise<void> {
    await saveVersionedJson(this.file, next);
    this.records = next;
  }
}
