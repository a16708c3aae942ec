// Bytes to text as CPython reads a module, and the cheap test that lets most files skip parsing.
import { describe, expect, it } from '@jest/globals';
import { decodePythonSource, mayDefineFlow } from '../../src/scanner/index.js';

describe('mayDefineFlow', () => {
  it.each([
    ['from prefect import flow', true],
    ['import prefect as pf\n@pf.flow\ndef f(): pass', true],
    ['from prefect import flow as f', true],
    ['from prefect import *\n@flow\ndef f(): pass', true],
    ['from prefect import task', false],
    ['@flow\ndef f(): pass', false],
    ['import os', false],
  ])('%j -> %s', (source, expected) => {
    expect(mayDefineFlow(Buffer.from(source))).toBe(expected);
  });

  it('accepts a plain Uint8Array', () => {
    expect(mayDefineFlow(new TextEncoder().encode('from prefect import flow'))).toBe(true);
  });
});

describe('decodePythonSource', () => {
  it('reads UTF-8 and drops a byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('x = "café"\n')]);
    expect(decodePythonSource(bytes)).toEqual({ ok: true, text: 'x = "café"\n' });
  });

  it('refuses bytes that are not UTF-8 when no encoding is declared, as Python does', () => {
    const result = decodePythonSource(Buffer.from([0x78, 0x3d, 0x22, 0xe9, 0x22, 0x0a]));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/not valid UTF-8/);
  });

  it('honours a PEP 263 coding line on the first or second line', () => {
    const latin1 = Buffer.concat([
      Buffer.from('# -*- coding: latin-1 -*-\nx = "'),
      Buffer.from([0xe9]),
      Buffer.from('"\n'),
    ]);
    expect(decodePythonSource(latin1)).toEqual({ ok: true, text: '# -*- coding: latin-1 -*-\nx = "é"\n' });
    const second = Buffer.concat([
      Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=shift_jis :\nx = "'),
      Buffer.from([0x82, 0xa0]),
      Buffer.from('"\n'),
    ]);
    expect(decodePythonSource(second)).toMatchObject({ ok: true, text: expect.stringContaining('x = "あ"') });
  });

  it('ignores a coding comment after a line of code', () => {
    const bytes = Buffer.concat([
      Buffer.from('import os\n# coding: latin-1\nx = "'),
      Buffer.from([0xe9]),
      Buffer.from('"\n'),
    ]);
    expect(decodePythonSource(bytes).ok).toBe(false);
  });

  it('says so when the declared encoding is unknown', () => {
    const result = decodePythonSource(Buffer.from('# coding: klingon\nx = 1\n'));
    expect(result).toEqual({
      ok: false,
      reason: 'It declares the encoding "klingon", which this scanner cannot read.',
    });
  });
});
