/** The embedded broker behind the Sandbox profile: started on first use, stopped with the host. */
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker';
import type { DestinationsSnapshot } from '../../src-core/broker/destination-registry';
import { sandboxBrokerUri } from './profiles/sandbox-profile';

export class SandboxService {
  private broker: Promise<SandboxBroker> | null = null;

  /** The broker's URI, starting it if it is not running. */
  async uri(): Promise<string> {
    this.broker ??= startSandboxBroker({ port: 0 }).catch((error) => {
      this.broker = null;
      throw error;
    });
    return sandboxBrokerUri((await this.broker).port);
  }

  /** Its queues and topics (for the destination overview), or undefined while it is not running. */
  async destinations(): Promise<DestinationsSnapshot | undefined> {
    return this.broker ? (await this.broker).destinations() : undefined;
  }

  async dispose(): Promise<void> {
    const broker = this.broker;
    this.broker = null;
    if (broker) await (await broker).close();
  }
}
