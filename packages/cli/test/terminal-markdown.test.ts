import { describe, expect, it } from '@jest/globals';
import { renderMarkdownForTerminal } from '../src/output/terminal-markdown.js';
import { stripAnsi, terminalStyle, visibleWidth, wantsColor } from '../src/output/terminal-style.js';

const summary = [
  '## Deploy: `proj` → dev',
  '',
  'Branch `main`. **2 created, 1 failed.**',
  '',
  '| flow | deployment | status |',
  '| --- | --- | --- |',
  '| `a` | [`proj--main--a--dev`](http://ui/a) | 🆕 created |',
  '| `long_flow_name` | `x\\|y` | ❌ failed |',
  '| `multi` | one<br>two | ✏️ updated |',
  '',
].join('\n');

describe('job summary Markdown on a terminal', () => {
  it('aligns columns and keeps only the text, without colour', () => {
    expect(renderMarkdownForTerminal(summary, terminalStyle(false))).toBe(
      [
        'Deploy: proj → dev',
        '',
        'Branch main. 2 created, 1 failed.',
        '',
        'flow            deployment          status',
        '--------------  ------------------  -------',
        'a               proj--main--a--dev  created',
        'long_flow_name  x|y                 failed',
        'multi           one                 updated',
        '                two',
        '',
      ].join('\n'),
    );
  });

  it('colours statuses and bolds headers with colour, the columns still aligned', () => {
    const text = renderMarkdownForTerminal(summary, terminalStyle(true));
    expect(text).toContain('\u001b[31mfailed\u001b[39m');
    expect(text).toContain('\u001b[32mcreated\u001b[39m');
    const rows = text.split('\n').filter((line) => /proj--main--a--dev|x\|y/.test(line));
    const status = (line: string) => stripAnsi(line).search(/created|failed/);
    expect(status(rows[0]!)).toBe(status(rows[1]!));
    expect(visibleWidth('\u001b[1mab\u001b[22m')).toBe(2);
  });

  it('colours only a TTY, never with NO_COLOR, and FORCE_COLOR for CI logs', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(wantsColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor({ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });
});
