/**
 * Heart-beats for one live connection: beats when we have been quiet for our period, and declares
 * the peer dead when it has been silent for longer than its period times a tolerance.
 * Any byte counts as a sign of life in both directions, as the spec says.
 */

export interface HeartBeatSettings {
  /** Our period in ms (0 = we do not beat). */
  readonly sendEvery: number;
  /** The peer's period in ms (0 = we do not watch). */
  readonly expectEvery: number;
  /** How many periods of silence make the peer dead (the client's default is 3, see ClientOptions). */
  readonly tolerance: number;
  readonly sendBeat: () => void;
  readonly onDead: (silentMs: number) => void;
  readonly now?: () => number;
}

export class HeartBeatMonitor {
  private lastRead: number;
  private lastWrite: number;
  private sendTimer: ReturnType<typeof setInterval> | undefined;
  private readTimer: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => number;

  constructor(private readonly settings: HeartBeatSettings) {
    this.now = settings.now ?? Date.now;
    this.lastRead = this.lastWrite = this.now();
  }

  start(): void {
    const { sendEvery, expectEvery, tolerance } = this.settings;
    this.lastRead = this.lastWrite = this.now();
    if (sendEvery > 0) {
      // Checking twice a period keeps the longest gap near one period, not two.
      const tick = Math.max(1, Math.floor(sendEvery / 2));
      this.sendTimer = setInterval(() => {
        if (this.now() - this.lastWrite >= tick) {
          this.lastWrite = this.now();
          this.settings.sendBeat();
        }
      }, tick);
      this.sendTimer.unref?.();
    }
    if (expectEvery > 0) {
      const limit = expectEvery * tolerance;
      this.readTimer = setInterval(() => {
        const silent = this.now() - this.lastRead;
        if (silent > limit) {
          this.stop();
          this.settings.onDead(silent);
        }
      }, Math.max(1, Math.floor(expectEvery / 2)));
      this.readTimer.unref?.();
    }
  }

  noteRead(): void {
    this.lastRead = this.now();
  }

  noteWrite(): void {
    this.lastWrite = this.now();
  }

  stop(): void {
    clearInterval(this.sendTimer);
    clearInterval(this.readTimer);
    this.sendTimer = this.readTimer = undefined;
  }
}
