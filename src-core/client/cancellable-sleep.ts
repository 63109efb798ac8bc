/** A wait that `cancel()` ends early; `done` says whether it ran its full time. */
export interface Sleep {
  readonly done: Promise<boolean>;
  cancel(): void;
}

export function cancellableSleep(ms: number): Sleep {
  let finish: (completed: boolean) => void = () => undefined;
  const done = new Promise<boolean>((resolve) => (finish = resolve));
  const timer = setTimeout(() => finish(true), ms);
  return {
    done,
    cancel() {
      clearTimeout(timer);
      finish(false);
    },
  };
}
