/**
 * CONNECT and STOMP: fault switch `rejectConnect`, version negotiation, login check, heart-beat
 * negotiation, then CONNECTED. `host` is not required although 1.1/1.2 say it is: RabbitMQ and
 * ActiveMQ accept a CONNECT without it too, and the sandbox has one virtual host.
 */
import { createFrame, getHeader, type Frame, type Header } from '../../protocol/frame';
import type { CommandContext } from '../command-context';
import { negotiateHeartBeat, negotiateVersion, parseHeartBeat, SUPPORTED_VERSIONS } from '../negotiate';
import { SERVER_NAME } from '../options';
import { ProtocolViolation } from '../protocol-violation';

export function handleConnect(ctx: CommandContext, frame: Frame): void {
  const faults = ctx.core.faults();
  const { options } = ctx.core;
  if (faults.rejectConnect !== undefined) {
    throw new ProtocolViolation(faults.rejectConnect, 'The sandbox broker rejects every CONNECT: its rejectConnect fault switch is set.');
  }

  const acceptVersion = getHeader(frame, 'accept-version');
  const version = negotiateVersion(acceptVersion);
  if (version === undefined) {
    throw new ProtocolViolation(
      `Supported protocol versions are ${SUPPORTED_VERSIONS}`,
      `accept-version:${acceptVersion} names no version this broker speaks (${SUPPORTED_VERSIONS}).`,
      [['version', SUPPORTED_VERSIONS]],
    );
  }

  if (options.users) {
    const login = getHeader(frame, 'login');
    const passcode = getHeader(frame, 'passcode');
    if (!options.users.some((user) => user.login === login && user.passcode === passcode)) {
      throw new ProtocolViolation(
        'Authentication failed',
        login === undefined ? 'This broker requires login and passcode headers on CONNECT.' : `Login ${JSON.stringify(login)} or its passcode is wrong.`,
      );
    }
  }

  // 1.0 has no heart-beats: its CONNECT's heart-beat header, if any, means nothing.
  let heartBeat = { send: 0, receive: 0 };
  const headers: Header[] = [
    ['version', version],
    ['server', SERVER_NAME],
    ['session', ctx.session.id],
  ];
  if (version !== '1.0') {
    const wanted = getHeader(frame, 'heart-beat');
    const client = parseHeartBeat(wanted);
    if (!client) {
      throw new ProtocolViolation('Invalid heart-beat header', `heart-beat:${wanted} is not two non-negative integers "cx,cy" in milliseconds.`);
    }
    heartBeat = negotiateHeartBeat(client, options.heartBeat);
    headers.push(['heart-beat', options.heartBeat.join(',')]);
  }

  ctx.established(version, heartBeat);
  ctx.send(createFrame('CONNECTED', headers));
  ctx.receipt(frame);
}
