/**
 * `npm run test:chaos [-- --broker rabbitmq|activemq --kills 5 --messages 50000 --keep]`: the
 * chaos run of chaos-run.ts against the broker's own chaos instance (scripts/chaos/, never the
 * shared test brokers), which is stopped at the end unless --keep. Prints each kill and its
 * recovery, then the figures and the report as JSON. Exit status 1 when a confirmed message was
 * lost, a duplicate came without `redelivered:true`, or a kill was not recovered from.
 */
import { parseArgs } from 'node:util';
import { chaosBroker, type ChaosBrokerName } from './chaos-broker';
import { runChaos, type ChaosReport } from './chaos-run';

const { values } = parseArgs({
  options: {
    broker: { type: 'string', default: 'activemq' },
    kills: { type: 'string', default: '5' },
    messages: { type: 'string', default: '50000' },
    keep: { type: 'boolean', default: false },
  },
});
const name = values.broker as ChaosBrokerName;
const kills = Number(values.kills);
const messages = Number(values.messages);
if ((name !== 'rabbitmq' && name !== 'activemq') || !(Number.isInteger(kills) && kills >= 0) || !(Number.isInteger(messages) && messages > kills)) {
  console.error('usage: npm run test:chaos -- [--broker rabbitmq|activemq] [--kills N] [--messages M (more than N)] [--keep]');
  process.exit(1);
}

const log = (line: string) => console.log(`chaos ${name}: ${line}`);
const broker = await chaosBroker(name);
log(`own instance on ${broker.uri}; ${messages} persistent messages, ${kills} SIGKILLs`);
let report: ChaosReport;
try {
  report = await runChaos({ broker, messages, kills, log });
} finally {
  if (!values.keep) await broker.stop().catch((error: Error) => log(`stopping the chaos broker failed: ${error.message}`));
}
log(`${report.sent} sent, ${report.confirmed} confirmed, ${report.unconfirmed} unconfirmed (${report.unconfirmedArrived} of them arrived), ${report.received} received in ${report.seconds.toFixed(1)} s`);
log(`lost ${report.lost}${report.lost ? ` (e.g. ${report.lostSequences.join(', ')})` : ''}; duplicates ${report.duplicates}, not marked redelivered ${report.duplicatesNotRedelivered}`);
log(`kills survived ${report.kills.filter((k) => k.firstConfirmMs >= 0).length} of ${kills}; recovery (first RECEIPT after the SIGKILL): ${report.kills.map((k) => `${k.firstConfirmMs} ms`).join(', ')}`);
console.log(JSON.stringify(report));
const recovered = report.kills.length === kills && report.kills.every((k) => k.firstConfirmMs >= 0 && k.producerBackMs >= 0 && k.consumerBackMs >= 0);
process.exitCode = report.lost === 0 && report.duplicatesNotRedelivered === 0 && recovered ? 0 : 1;
