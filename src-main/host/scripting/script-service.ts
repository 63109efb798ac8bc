/**
 * Scripts in the host: checking one, previewing what a payload script builds, and sending with
 * one as a send job (the same trust rules as any send: confirmed by receipts, broker errors next
 * to the action, progress events, cancel). Scripts run in the QuickJS sandbox (src-core/scripting),
 * loaded when the host starts so filter scripts can be compiled synchronously.
 */
import { ApiError, type SendOutcome, type ValidParams } from '../../../src-core/api';
import type { BuiltMessageView } from '../../../src-core/api/schemas/scripts';
import { judgeText } from '../../../src-core/codecs/text-or-binary';
import { FilterScript, loadQuickJs, PayloadScript, ScriptError, type BuiltMessage } from '../../../src-core/scripting';
import type { LiveConnection } from '../connections/live-connection';
import { SendJob } from '../connections/send-job';
import type { ProgressSink } from '../connections/send-operations';
import { scriptApiError } from './script-errors';

/** Messages a scripted send builds per sandbox call. */
const BUILD_AHEAD = 256;

let anonymous = 0;

export class ScriptService {
  constructor() {
    // Loaded now, so a `script:` filter can be compiled the moment it is asked for.
    void loadQuickJs().catch(() => undefined);
  }

  async check(kind: 'filter' | 'payload', source: string): Promise<void> {
    try {
      const script = kind === 'filter' ? await FilterScript.compile(source) : await PayloadScript.compile(source);
      script.dispose();
    } catch (error) {
      if (error instanceof ScriptError) throw scriptApiError(error, `${kind} script`);
      throw error;
    }
  }

  async preview(input: ValidParams<'scripts.preview'>): Promise<BuiltMessageView[]> {
    const script = await this.compile(input.source);
    try {
      const built = this.build(script, 0, Math.min(input.count, input.total), { count: input.total, destination: input.destination });
      return built.map((m, index) => view(index, m));
    } finally {
      script.dispose();
    }
  }

  async send(connection: LiveConnection, input: ValidParams<'scripts.send'>, progress: ProgressSink): Promise<SendOutcome> {
    connection.requireConnected(`send to ${input.destination}`);
    const tx = input.transactionId === undefined ? undefined : connection.transactions.get(input.transactionId);
    if (input.transactionId !== undefined && !tx) throw new ApiError('not-found', `no open transaction ${input.transactionId}`);
    const id = input.operationId ?? `script-op-${++anonymous}`;
    if (connection.jobs.has(id)) throw new ApiError('conflict', `an operation ${id} is already running`);
    const script = await this.compile(input.source);
    let built: BuiltMessage[] = [];
    let builtFrom = 0;
    const context = { count: input.count, destination: input.destination };
    const job = new SendJob(
      connection,
      {
        purpose: `scripted SEND to ${input.destination}${tx ? ` in ${input.transactionId}` : ''}`,
        copies: input.count,
        receipt: input.receipt,
        transactionId: input.transactionId,
        write: (index, receiptId) => {
          if (index < builtFrom || index >= builtFrom + built.length) {
            // A script failure stops the job here; the outcome says why (stoppedBecause).
            built = this.build(script, index, Math.min(BUILD_AHEAD, input.count - index), context);
            builtFrom = index;
          }
          const message = built[index - builtFrom];
          return connection.client.sendTicket(input.destination, message.body, {
            headers: [...input.headers, ...message.headers],
            receipt: receiptId,
            transaction: input.transactionId,
            receiptTimeout: tx ? 0 : undefined,
          });
        },
      },
      (p) => progress(id, p),
    );
    connection.jobs.set(id, job);
    try {
      return await job.run();
    } finally {
      connection.jobs.delete(id);
      script.dispose();
    }
  }

  private async compile(source: string): Promise<PayloadScript> {
    try {
      return await PayloadScript.compile(source);
    } catch (error) {
      if (error instanceof ScriptError) throw scriptApiError(error, 'payload script');
      throw error;
    }
  }

  private build(script: PayloadScript, from: number, count: number, context: { count: number; destination: string }): BuiltMessage[] {
    try {
      return script.build(from, count, context);
    } catch (error) {
      if (error instanceof ScriptError) throw scriptApiError(error, 'payload script');
      throw error;
    }
  }
}

function view(index: number, message: BuiltMessage): BuiltMessageView {
  const text = judgeText(message.body).kind === 'text' ? new TextDecoder().decode(message.body) : null;
  return { index, headers: message.headers, size: message.body.length, text, bodyBase64: Buffer.from(message.body).toString('base64') };
}
