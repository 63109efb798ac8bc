/**
 * The command-line tool: `npm run -s cli -- <command> ...`. Each command lives in its own file;
 * this one only dispatches and turns failures into a message and a non-zero exit status.
 */
import { brokerCommand, BROKER_USAGE } from './broker-command';
import { decodeCommand, DECODE_USAGE } from './decode-command';
import { UsageError } from './output';
import { proxyCommand, PROXY_USAGE } from './proxy-command';
import { sendCommand, SEND_USAGE } from './send-command';
import { subscribeCommand, SUBSCRIBE_USAGE } from './subscribe-command';

type CommandMain = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: CommandMain; usage: string }> = {
  decode: { run: decodeCommand, usage: DECODE_USAGE },
  send: { run: sendCommand, usage: SEND_USAGE },
  subscribe: { run: subscribeCommand, usage: SUBSCRIBE_USAGE },
  broker: { run: brokerCommand, usage: BROKER_USAGE },
  proxy: { run: proxyCommand, usage: PROXY_USAGE },
};

function usage(): string {
  return ['usage: stomp-explorer <command> [options]', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? 1 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`unknown command ${JSON.stringify(name)}\n${usage()}\n`);
    return 1;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${name}: ${message}\nusage: stomp-explorer ${command.usage}\n`);
    } else process.stderr.write(`${name}: ${message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`stomp-explorer: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
