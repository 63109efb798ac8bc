/**
 * The CLI's error paths against the real brokers (issue 10.4): each ends with its documented exit
 * status and the broker's own words, instead of hanging or reporting success.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../core/cli-kit';
import { brokers } from './brokers';
import { deleteRabbitQueues, TARGETS } from './support/client-kit';

const login = ['--login', brokers.login, '--passcode', brokers.passcode];
const queue = `cli-errors-${process.pid}-${Date.now()}`;

afterAll(async () => {
  await deleteRabbitQueues([queue]);
});

const lastError = (stderr: string) => JSON.parse(stderr.trim().split('\n').at(-1)!) as { type: string; status: number; message: string };

describe.each(TARGETS)('cli error paths against $label', (target) => {
  it('a wrong passcode: status 4 with the broker\'s refusal, after one attempt', async () => {
    const got = await runCli(['subscribe', target.uri, `/queue/${queue}`, '--login', brokers.login, '--passcode', 'wrong'], { timeoutMs: 30_000 });
    expect(got.code).toBe(4);
    expect(lastError(got.stderr).message).toMatch(/refused the CONNECT/);
    expect(got.stderr.split('\n').filter((l) => l.includes('"attempt-failed"'))).toHaveLength(1);
  });

  it('a SUBSCRIBE the broker refuses: status 5 with its ERROR, at once', async () => {
    // RabbitMQ: a queue that does not exist; ActiveMQ: a selector that does not parse.
    const args = target.name === 'rabbitmq' ? [`/amq/queue/missing-${queue}`] : [`/queue/${queue}`, '-H', 'selector:nonsense ==='];
    const got = await runCli(['subscribe', target.uri, ...args, ...login], { timeoutMs: 30_000 });
    expect(got.code).toBe(5);
    expect(lastError(got.stderr).message).toMatch(target.name === 'rabbitmq' ? /NOT_FOUND/ : /InvalidSelectorException/);
  });
});

describe('cli send refused by RabbitMQ', () => {
  it('a SEND header RabbitMQ does not allow: status 5, although no receipt was asked for the first copy', async () => {
    const got = await runCli(['send', `tcp://${brokers.host}:${brokers.rabbitmq.stompPort}`, `/queue/${queue}`, '--body', 'x', '--count', '2', '-H', 'message-id:1', ...login], { timeoutMs: 30_000 });
    expect(got.code).toBe(5);
    expect(lastError(got.stderr).message).toContain("'message-id' is not allowed on 'SEND'");
    expect(got.lines).toEqual([]);
  });
});
