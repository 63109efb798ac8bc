/**
 * Identifiers the broker hands out. Message ids look like ActiveMQ's (`ID:host-...:1:1`) and hold
 * colons on purpose: under 1.1/1.2 they travel escaped as `\c`, so every client gets its header
 * unescaping exercised by the most ordinary header there is.
 */

let brokersStarted = 0;

export class IdSource {
  /** Distinguishes brokers started in one process, and runs of the app. */
  private readonly tag = `${Date.now().toString(36)}-${++brokersStarted}`;
  private connections = 0;
  private messages = 0;

  /** A new connection's number, used in its session id and its messages' ids. */
  nextConnection(): number {
    return ++this.connections;
  }

  sessionId(connection: number): string {
    return `sandbox-${this.tag}-${connection}`;
  }

  messageId(connection: number): string {
    return `ID:sandbox-${this.tag}-${connection}:1:${++this.messages}`;
  }
}
