/** Browser mode's command line and the one line it prints. */

/** stdout's only line is this prefix followed by the address to open, token included. */
export const BROWSER_MODE_PREFIX = 'STOMP Explorer (browser mode): ';

export interface WebArgs {
  readonly port: number;
  readonly help: boolean;
}

export function parseWebArgs(argv: readonly string[]): WebArgs {
  let port = 0;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new Error(`--port needs a port number from 0 to 65535, not ${JSON.stringify(value ?? '')}`);
      port = Number(value);
    } else if (arg === '--') continue;
    else throw new Error(`unknown option ${JSON.stringify(arg)} (try --help)`);
  }
  return { port, help };
}

export const USAGE = `Usage: npm run web [-- --port P]

Serves STOMP Explorer on http://127.0.0.1:P/ (a free port when P is 0 or absent) and prints the
address to open, with its access token, on stdout. Data lives in $STOMP_EXPLORER_DATA_DIR, or in the
per-user configuration folder (~/.config/stomp-explorer on Linux), shared with the desktop app: one
process at a time may use it (exit status 3 names the one that does). out/renderer is built first when
it is missing or older than its sources; $STOMP_EXPLORER_RENDERER_DIR serves another folder as it is.`;
