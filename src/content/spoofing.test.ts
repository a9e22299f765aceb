import { describe, expect, it } from 'vitest';
import {
  HEADER_BLOCK_MAX,
  REPEAT_MAX,
  VALUE_MAX,
  normalizeDomain,
  parseMailHeaders,
  readAuthResults,
  registrableDomain,
  splitMessage,
  spoofingWarning,
  spoofingWarningOf,
  stripComments,
} from './spoofing.js';

const MAIL = [
  'Return-Path: <bounce@mailer.example.com>',
  'Received: from mx.example.com (mx.example.com [192.0.2.1])',
  '\tby mail.helpdesk.example with ESMTPS id abc',
  '\tfor <support@helpdesk.example>; Mon, 1 Jan 2024 10:00:00 +0000',
  'Received: from [10.0.0.1] by mx.example.com; Mon, 1 Jan 2024 09:59:59 +0000',
  'Authentication-Results: mail.helpdesk.example;',
  ' dkim=pass header.d=example.com; spf=pass smtp.mailfrom=example.com;',
  ' dmarc=pass (p=REJECT) header.from=example.com',
  'From: =?UTF-8?B?Sm9zw6kgR2FyY8OtYQ==?= <Jose@Example.COM>',
  'Reply-To: "Jose (desk)" <jose@support.example.com> (a comment)',
  'Message-ID: <abc.123@example.com>',
  'Subject: =?utf-8?Q?Caf=C3=A9?= order',
  'X-Spam-Status: No, score=-1.2',
  'x-spam-flag: NO',
  'Content-Type: text/plain',
  '',
  'Hello,',
  '',
  'Subject: not a header, in the body',
].join('\r\n');

describe('parseMailHeaders', () => {
  it('reads the headers that matter, folded, encoded and commented', () => {
    const h = parseMailHeaders(MAIL);
    expect(h.from).toEqual([{ name: 'José García', address: 'Jose@Example.COM' }]);
    expect(h.fromValues).toHaveLength(1);
    expect(h.replyTo).toEqual([{ name: 'Jose (desk)', address: 'jose@support.example.com' }]);
    expect(h.returnPath).toBe('bounce@mailer.example.com');
    expect(h.received).toEqual([
      'from mx.example.com (mx.example.com [192.0.2.1]) by mail.helpdesk.example with ESMTPS id abc for <support@helpdesk.example>; Mon, 1 Jan 2024 10:00:00 +0000',
      'from [10.0.0.1] by mx.example.com; Mon, 1 Jan 2024 09:59:59 +0000',
    ]);
    expect(h.authenticationResults).toHaveLength(1);
    expect(h.messageId).toBe('<abc.123@example.com>');
    expect(h.subject).toBe('Café order');
    expect(h.spam).toEqual([
      { name: 'X-Spam-Status', value: 'No, score=-1.2' },
      { name: 'x-spam-flag', value: 'NO' },
    ]);
  });
  it('stops at the first empty line (LF only too) and ignores mbox separators', () => {
    const h = parseMailHeaders('From nobody Mon Jan 1\nFrom: a@b.example\n\nReply-To: evil@evil.example\n');
    expect(h.from).toEqual([{ name: '', address: 'a@b.example' }]);
    expect(h.replyTo).toEqual([]);
    expect(splitMessage('A: 1\n\nbody\n\nmore').body).toBe('body\n\nmore');
  });
  it('counts several From headers and reads a null Return-Path', () => {
    const h = parseMailHeaders('From: a@good.example\nFrom: b@evil.example\nReturn-Path: <>\n\n');
    expect(h.fromValues).toHaveLength(2);
    expect(h.returnPath).toBe('');
  });
  it('is bounded: header block, value length and repeats', () => {
    const many = Array.from({ length: REPEAT_MAX + 20 }, (_, i) => `Received: hop ${i}`).join('\n');
    expect(parseMailHeaders(`${many}\n\n`).received).toHaveLength(REPEAT_MAX);
    const long = parseMailHeaders(`Message-ID: <${'x'.repeat(VALUE_MAX * 3)}>\n\n`).messageId!;
    expect(long.length).toBeLessThanOrEqual(VALUE_MAX + 1);
    const huge = `From: a@b.example\nX-Pad: ${'y'.repeat(HEADER_BLOCK_MAX)}\nReply-To: late@evil.example\n\nbody`;
    expect(parseMailHeaders(huge).replyTo).toEqual([]);
  });
});

describe('domains', () => {
  it('lower-cases, drops a trailing dot and writes IDN in punycode', () => {
    expect(normalizeDomain('X@EXAMPLE.COM.')).toBe('example.com');
    expect(normalizeDomain('bob@bücher.de')).toBe('xn--bcher-kva.de');
    expect(normalizeDomain('bob@p\u0430ypal.com')).toBe('xn--pypal-4ve.com');
  });
  it('compares by registrable domain, private suffixes included', () => {
    expect(registrableDomain('a@mail.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('a@foo.github.io')).toBe('foo.github.io');
    expect(registrableDomain('a@localhost')).toBe('localhost');
    expect(registrableDomain('a@[192.0.2.1]')).toBe('[192.0.2.1]');
  });
});

describe('readAuthResults', () => {
  it('reads spf, dkim and dmarc, ignoring the authserv-id and comments', () => {
    expect(
      readAuthResults([
        'mx.example; spf=softfail (spf=pass in a comment) smtp.mailfrom=x.example; DKIM=Fail header.d=x; dmarc=none',
      ]),
    ).toEqual([
      { method: 'spf', result: 'softfail' },
      { method: 'dkim', result: 'fail' },
      { method: 'dmarc', result: 'none' },
    ]);
    expect(readAuthResults(['spf=fail.example; arc=fail'])).toEqual([]);
  });
  it('strips nested comments and keeps quoted parentheses', () => {
    expect(stripComments('a (b (c) d) "(e)" f')).toBe('a  "(e)" f');
  });
});

describe('spoofingWarning', () => {
  it('says nothing for a consistent message (subdomains of one organisation)', () => {
    expect(spoofingWarningOf(parseMailHeaders(MAIL))).toBeUndefined();
    expect(
      spoofingWarning({
        from: 'Bob <bob@example.com>',
        replyTo: 'help@support.example.com',
        returnPath: '<>',
        authenticationResults: 'mx; spf=pass; dkim=pass; dmarc=pass',
      }),
    ).toBeUndefined();
  });
  it('warns in one line on a Reply-To at another organisation', () => {
    const w = spoofingWarning({
      from: 'PayPal <service@paypal.com>',
      replyTo: 'refunds@paypal-help.example',
    });
    expect(w).toBe(
      'Possible spoofing: Reply-To domain paypal-help.example differs from From domain paypal.com.',
    );
  });
  it('warns on a Return-Path at another organisation', () => {
    expect(spoofingWarning({ from: 'a@example.com', returnPath: '<x@bulk.example.net>' })).toBe(
      'Possible spoofing: Return-Path domain example.net differs from From domain example.com.',
    );
  });
  it('treats a different public suffix and a look-alike IDN as another domain', () => {
    expect(spoofingWarning({ from: 'a@example.com', replyTo: 'b@example.co.uk' })).toContain(
      'Reply-To domain example.co.uk',
    );
    expect(spoofingWarning({ from: 'a@paypal.com', replyTo: 'b@p\u0430ypal.com' })).toContain(
      'xn--pypal-4ve.com',
    );
    expect(spoofingWarning({ from: 'a@EXAMPLE.com', replyTo: 'b@example.COM.' })).toBeUndefined();
  });
  it('warns on authentication failures, not on a planted pass', () => {
    const w = spoofingWarning({
      from: 'a@example.com',
      authenticationResults: [
        'attacker.example; spf=pass; dkim=pass; dmarc=pass',
        'mx.helpdesk.example; spf=softfail smtp.mailfrom=example.com; dkim=fail; dmarc=fail (p=reject)',
      ],
    });
    expect(w).toBe('Possible spoofing: Authentication-Results: spf=softfail, dkim=fail, dmarc=fail.');
  });
  it('warns on two From headers and on an address in the display name', () => {
    expect(spoofingWarning({ from: ['a@good.example', 'b@evil.example'] })).toBe(
      'Possible spoofing: 2 From headers; From also names evil.example.',
    );
    expect(spoofingWarning({ from: ['a@good.example', 'b@mail.good.example'] })).toBe(
      'Possible spoofing: 2 From headers.',
    );
    expect(spoofingWarning({ from: '"service@paypal.com" <x@evil.example>' })).toBe(
      'Possible spoofing: From name shows an address at paypal.com.',
    );
  });
  it('joins every reason into one line, even from hostile values', () => {
    const w = spoofingWarningOf(
      parseMailHeaders(
        [
          'From: "a\r\n b" <a@good.example>',
          'From: c@good.example',
          'Reply-To: x@evil\u202e.example',
          'Return-Path: <y@other.example>',
          'Authentication-Results: mx; dmarc=fail',
          '',
          '',
        ].join('\n'),
      ),
    );
    expect(w).toBeDefined();
    expect(w).not.toMatch(/[\r\n\u202e]/);
    expect(w!.startsWith('Possible spoofing: 2 From headers; Reply-To domain ')).toBe(true);
    expect(w).toContain('Return-Path domain other.example differs');
    expect(w).toContain('Authentication-Results: dmarc=fail');
  });
});
