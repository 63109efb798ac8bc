/**
 * Owns every capture of the session and the one memory budget they share. After each append it
 * spills the globally oldest in-memory segments until the message data in memory fits the budget
 * again, so the accounting never exceeds the budget once an append returns. The per-message index
 * is not part of the budget (it stays in memory, ~200 bytes a message) but is counted and reported.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CaptureNotFoundError } from './capture-errors';
import { CaptureStore, type MemoryLedger } from './capture-store';
import type { CaptureInit, CaptureMemoryStats, CaptureView } from './capture-types';
import { exportCaptureLines, exportCapturePage, exportCaptureText, type ExportPage } from './ndjson-export';
import { importCapture, type ImportOptions, type ImportSource } from './ndjson-import';

/**
 * Message bytes kept in memory before the oldest spill to disk. 128 MiB holds about 400,000
 * 100-byte messages as they travelled (raw frames); with the index (~30 B a message) a million
 * captured messages keep the host under 400 MB of RSS (issue 15).
 */
export const DEFAULT_MEMORY_BUDGET = 128 * 1024 * 1024;

export interface CaptureRegistryOptions {
  /** Where spill files go, e.g. `<dataDir>/captures`; created on the first spill. */
  readonly directory: string;
  readonly memoryBudgetBytes?: number;
}

/** Captures are named by the registry; ids double as file names, so only these characters. */
const ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
/** After a failed spill write, wait this long before trying the disk again. */
const SPILL_RETRY_MS = 1000;

export class CaptureRegistry {
  readonly directory: string;
  private readonly stores = new Map<string, CaptureStore>();
  private budget: number;
  private inMemory = 0;
  private clock = 0;
  private nextId = 1;
  /** Keeps two registries on one directory (tests, a second window) from sharing file names. */
  private readonly session = randomBytes(4).toString('hex');
  private spillError: Error | undefined;
  private spillRetryAt = 0;
  private readonly ledger: MemoryLedger = {
    charge: (delta) => {
      this.inMemory += delta;
    },
    tick: () => ++this.clock,
    appended: () => this.enforceBudget(),
  };

  constructor(options: CaptureRegistryOptions) {
    this.directory = options.directory;
    this.budget = checkedBudget(options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET);
  }

  get memoryBudget(): number {
    return this.budget;
  }

  /** For the UI's setting: takes effect at once, spilling what no longer fits. */
  setMemoryBudget(bytes: number): void {
    this.budget = checkedBudget(bytes);
    this.spillRetryAt = 0;
    this.enforceBudget();
  }

  create(init: CaptureInit): CaptureStore {
    const id = init.id ?? `cap-${this.session}-${this.nextId++}`;
    if (!ID_PATTERN.test(id)) throw new Error(`capture id "${id}" must be 1-128 letters, digits, '.', '_' or '-'`);
    if (this.stores.has(id)) throw new Error(`a capture with id "${id}" already exists`);
    const store = new CaptureStore({
      id,
      init,
      spillPath: (generation) => join(this.directory, `${id}.${generation}.spill`),
      segmentCap: () => this.segmentCap(),
      ledger: this.ledger,
    });
    this.stores.set(id, store);
    return store;
  }

  get(id: string): CaptureStore | undefined {
    return this.stores.get(id);
  }

  /** Like get, but an unknown id throws CaptureNotFoundError (the host's 'not-found'). */
  require(id: string): CaptureStore {
    const store = this.stores.get(id);
    if (!store) throw new CaptureNotFoundError(id);
    return store;
  }

  captures(): CaptureStore[] {
    return [...this.stores.values()];
  }

  views(): CaptureView[] {
    return this.captures().map((store) => store.view());
  }

  /** Empties the capture and deletes its spill file; it keeps capturing, with seqs counting on. */
  clear(id: string): void {
    this.require(id).clear();
  }

  /** Forgets the capture altogether (closing a subscription's tab, dropping an import). */
  remove(id: string): boolean {
    const store = this.stores.get(id);
    if (!store) return false;
    store.dispose();
    this.stores.delete(id);
    return true;
  }

  exportLines(id: string): AsyncGenerator<string> {
    return exportCaptureLines(this.require(id));
  }

  exportText(id: string): Promise<string> {
    return exportCaptureText(this.require(id));
  }

  /** One page of an export (see exportCapturePage): how the bridge carries an export of any size. */
  exportPage(id: string, cursor: string | undefined, maxBytes: number): Promise<ExportPage> {
    return exportCapturePage(this.require(id), cursor, maxBytes);
  }

  /** Reads an NDJSON capture into a new offline capture; the first bad line aborts it all. */
  import(source: ImportSource, options: ImportOptions = {}): Promise<CaptureStore> {
    return importCapture(this, source, options);
  }

  stats(): CaptureMemoryStats {
    let indexBytes = 0;
    let bytesOnDisk = 0;
    let messages = 0;
    for (const store of this.stores.values()) {
      indexBytes += store.indexBytes;
      bytesOnDisk += store.bytesOnDisk;
      messages += store.count;
    }
    return {
      budgetBytes: this.budget,
      messageBytesInMemory: this.inMemory,
      indexBytes,
      bytesOnDisk,
      captures: this.stores.size,
      messages,
      spillError: this.spillError?.message,
    };
  }

  /** Closes and deletes every capture's file: captures are session data. */
  dispose(): void {
    for (const store of this.stores.values()) store.dispose();
    this.stores.clear();
  }

  /**
   * Segments of at most 1/32 of the budget (4 KiB to 256 KiB): big enough for few, large writes,
   * small enough that spilling one frees little more than needed.
   */
  private segmentCap(): number {
    return Math.max(4096, Math.min(256 * 1024, Math.floor(this.budget / 32)));
  }

  private enforceBudget(): void {
    if (this.inMemory <= this.budget) return;
    // A failing disk must not cost messages: keep them in memory, over budget, and retry later.
    if (this.spillError && Date.now() < this.spillRetryAt) return;
    while (this.inMemory > this.budget) {
      let oldest: CaptureStore | undefined;
      let oldestTick = Infinity;
      for (const store of this.stores.values()) {
        const tick = store.oldestInMemory;
        if (tick !== undefined && tick < oldestTick) {
          oldest = store;
          oldestTick = tick;
        }
      }
      if (!oldest) return;
      try {
        oldest.spillOldest();
        this.spillError = undefined;
      } catch (error) {
        this.spillError = error instanceof Error ? error : new Error(String(error));
        this.spillRetryAt = Date.now() + SPILL_RETRY_MS;
        return;
      }
    }
  }
}

function checkedBudget(bytes: number): number {
  if (!Number.isFinite(bytes) || bytes < 64 * 1024) throw new Error(`a capture memory budget must be at least 64 KiB, got ${bytes}`);
  return Math.floor(bytes);
}
