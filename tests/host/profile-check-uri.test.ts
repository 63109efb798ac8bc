import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkUri, SANDBOX_URI } from '../../src-main/host/profiles';
import { tempDataDir } from './secret-test-kit';
import { apiError, openStore } from './profile-test-kit';

describe('checkUri', () => {
  it('lists the brokers of a good URI as a client will dial them', () => {
    expect(checkUri('tcp://localhost')).toEqual({ brokers: ['tcp://localhost:61613'], failover: false });
    expect(checkUri('failover:(tcp://amq1:61613,ssl://amq2:61614)?randomize=false')).toEqual({
      brokers: ['tcp://amq1:61613', 'ssl://amq2:61614'],
      failover: true,
    });
    expect(checkUri('  FAILOVER:tcp://a,tcp://b?randomize=false')).toEqual({ brokers: ['tcp://a:61613', 'tcp://b:61613'], failover: true });
    expect(checkUri('wss://broker.example/ws')).toEqual({ brokers: ['wss://broker.example:443/ws'], failover: false });
  });

  it('accepts the sandbox marker', () => {
    expect(checkUri(SANDBOX_URI)).toEqual({ brokers: [SANDBOX_URI], failover: false });
  });

  it('answers a bad URI with invalid-request and the span to underline', async () => {
    const cases: [string, { offset: number; length: number; problem: string }][] = [
      ['', { offset: 0, length: 0, problem: 'empty-uri' }],
      ['foo://x', { offset: 0, length: 3, problem: 'unknown-scheme' }],
      ['tcp://host:99999', { offset: 11, length: 5, problem: 'bad-port' }],
      ['failover:(tcp://a:1,ssl://b)', { offset: 27, length: 0, problem: 'missing-port' }],
      ['failover:(tcp://a,tcp://b)?randomise=false', { offset: 27, length: 9, problem: 'unknown-option' }],
      ['failover:(tcp://a,tcp://b', { offset: 9, length: 1, problem: 'unclosed-bracket' }],
    ];
    for (const [uri, details] of cases) {
      const error = await apiError(() => checkUri(uri));
      expect(error.code, uri).toBe('invalid-request');
      expect(error.details, uri).toEqual(details);
      expect(error.toBody(), uri).toEqual({ code: 'invalid-request', message: error.message, details });
      expect(error.message, uri).toContain(` at ${details.offset}`);
    }
  });
});

describe('ProfileStore.checkUri', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
  afterEach(() => cleanup());

  it('is the same check', async () => {
    const store = await openStore(dir);
    expect(store.checkUri('tcp://a:1')).toEqual({ brokers: ['tcp://a:1'], failover: false });
    const error = await apiError(() => store.checkUri('tcp://a:b'));
    expect(error.details).toMatchObject({ offset: 8, length: 1, problem: 'bad-port' });
  });
});
