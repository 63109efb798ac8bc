/** `broker`: runs the embedded sandbox broker in the foreground until interrupted. */
import { parseArgs } from 'node:util';
import { startSandboxBroker } from '../broker';
import { positiveInteger } from './connection-args';
import { UsageError } from './output';

export const BROKER_USAGE = 'broker [--port P] [--host 127.0.0.1] [--user LOGIN:PASSCODE]...';

export async function brokerCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { port: { type: 'string' }, host: { type: 'string', default: '127.0.0.1' }, user: { type: 'string', multiple: true } },
  });
  if (positionals.length) throw new UsageError(`broker takes no arguments, got ${JSON.stringify(positionals[0])}`);
  const port = values.port === '0' ? 0 : (positiveInteger(values.port, '--port') ?? 61613);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, not ${port}`);
  const users = values.user?.map((pair) => {
    const colon = pair.indexOf(':');
    if (colon <= 0) throw new UsageError(`--user takes LOGIN:PASSCODE, not ${JSON.stringify(pair)}`);
    return { login: pair.slice(0, colon), passcode: pair.slice(colon + 1) };
  });
  const broker = await startSandboxBroker({ host: values.host, port, users });
  process.stdout.write(`${JSON.stringify({ type: 'listening', url: broker.url, host: broker.host, port: broker.port })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await broker.close();
  return 0;
}
