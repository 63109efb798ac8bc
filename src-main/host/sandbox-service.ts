/** The embedded broker behind the Sandbox profile: started on first use, stopped with the host. */
import { startSandboxBroker, type SandboxBroker } from '../../src-core/broker';
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

  async dispose(): Promise<void> {
    const broker = this.broker;
    this.broker = null;
    if (broker) await (await broker).close();
  }
}
