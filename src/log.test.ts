import { describe, expect, it } from 'vitest';
import { createLogger, redact, registerBasicAuth, registerSecret } from './log.js';

describe('secrets in every form they can take', () => {
  const secret = 'Zk3vQ9pLm2TxWc7bYh4N';
  registerSecret(secret);
  registerBasicAuth('agent@example.com', 'correct horse battery');

  it('masks the exact value, any case, and a long enough prefix', () => {
    expect(redact(`token ${secret} end`)).toBe('token *** end');
    expect(redact(`TOKEN ${secret.toUpperCase()}!`)).toBe('TOKEN ***!');
    expect(redact(`cut ${secret.slice(0, 9)}… here`)).toBe('cut ***… here');
    expect(redact(`x${secret}${secret}y`)).toBe('x******y');
  });

  it('masks the password of Basic authentication and the header value it travels in', () => {
    const header = Buffer.from('agent@example.com:correct horse battery').toString('base64');
    expect(redact(`Authorization: Basic ${header}`)).toBe('Authorization: Basic ***');
    expect(redact('password was correct horse battery.')).toBe('password was ***.');
  });

  it('leaves text without a secret alone, including short look-alikes', () => {
    expect(redact(`prefix ${secret.slice(0, 7)} is too short to mean the secret`)).toContain(
      secret.slice(0, 7),
    );
    expect(redact('İstanbul office, ticket #31001')).toBe('İstanbul office, ticket #31001');
  });

  it('masks in every log line', () => {
    const lines: string[] = [];
    createLogger('info', { write: (l) => void lines.push(l) }).info(`saw ${secret.toLowerCase()}`, {
      detail: `x ${secret.slice(0, 12)}`,
    });
    expect(lines[0]).not.toMatch(new RegExp(secret.slice(0, 8), 'i'));
  });
});
