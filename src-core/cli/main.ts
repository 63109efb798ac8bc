/**
 * The command-line tool: `npm run -s cli -- <command> ...`. Each command lives in its own file;
 * this one only dispatches and turns failures into a message and a non-zero exit status.
 */
import { brokerCommand, BROKER_USAGE } from './broker-command';
import { decodeCommand, DECODE_USAGE } from './decode-command';
import { CliFailure, EXIT, UsageError } from './output';
import { proxyCommand, PROXY_USAGE } from './proxy-command';
import { replayCommand, REPLAY_USAGE } from './replay-command';
import { sendCommand, SEND_USAGE } from './send-command';
import { subscribeCommand, SUBSCRIBE_USAGE } from './subscribe-command';

type CommandMain = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, { run: CommandMain; usage: string }> = {
  decode: { run: decodeCommand, usage: DECODE_USAGE },
  send: { run: sendCommand, usage: SEND_USAGE },
  subscribe: { run: subscribeCommand, usage: SUBSCRIBE_USAGE },
  broker: { run: brokerCommand, usage: BROKER_USAGE },
  load: { run: (argv) => import('./load-command').then((m) => m.loadCommand(argv)), usage: 'load URI DESTINATION [--rate N] [--duration S] [--size B] [--connections C] [--script FILE] [--receipt [--receipt-every N]] [--consume | --consume-from DEST] [--json] [-H name:value]... [the connection options of send]' },
  proxy: { run: proxyCommand, usage: PROXY_USAGE },
  replay: { run: replayCommand, usage: REPLAY_USAGE },
};

const STATUSES = `exit status: ${EXIT.ok} done, ${EXIT.usage} bad arguments, ${EXIT.parse} decode: input breaks a rule, ${EXIT.incomplete} subscribe: --timeout before --count, ${EXIT.connect} could not connect, ${EXIT.broker} broker ERROR or no RECEIPT, ${EXIT.lost} connection lost, ${EXIT.interrupted} interrupted`;

function usage(): string {
  return ['usage: stomp-explorer <command> [options]', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`), STATUSES].join('\n');
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
      return EXIT.usage;
    }
    // The last line on stderr, one JSON object like the progress lines before it.
    const status = error instanceof CliFailure ? error.status : EXIT.usage;
    process.stderr.write(JSON.stringify({ type: 'error', command: name, status, message }) + '\n');
    return status;
  }
}

/**
 * Once a command has returned, nothing may keep the process alive: a socket or timer left open by
 * mistake would turn "ends within its stated time" into "hangs". The timer is unref'd, so it fires
 * only if something else still holds the event loop, and then ends the process with the status.
 */
const LINGER_MS = 2000;

// A reader that went away (`… | head`) closes stdout: the output is no longer wanted, so the command
// ends as done, quietly, instead of crashing on the write that found the pipe closed.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT.ok);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), LINGER_MS).unref();
  },
  (error: unknown) => {
    process.stderr.write(`stomp-explorer: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
    setTimeout(() => process.exit(1), LINGER_MS).unref();
  },
);
