/** Wraps a connection attempt with its timeout, so every transport fails the same clear way. */
import { TransportError } from '../transport';

export function settleOnce<T>(
  timeoutMs: number,
  description: string,
  start: (resolve: (value: T) => void, reject: (error: Error) => void, onCancel: (cancel: () => void) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let cancel: () => void = () => undefined;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      cancel();
      reject(new TransportError(`cannot connect to ${description}: no connection within ${timeoutMs} ms`, description));
    }, timeoutMs);
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    start(
      (value) => settle(() => resolve(value)),
      (error) => settle(() => (cancel(), reject(error))),
      (fn) => (cancel = fn),
    );
  });
}
