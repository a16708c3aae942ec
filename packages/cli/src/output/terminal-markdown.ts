// Renders the job summaries' Markdown for a terminal: tables with aligned columns, headings and
// emphasis as bold, code and links as their text, the status emoji as colour (or as nothing).
import { type TerminalStyle, visibleWidth } from './terminal-style.js';

type Paint = (text: string) => string;

/** The summaries mark a status with an emoji; a terminal gets a colour for it instead. */
function statusPaint(style: TerminalStyle): Record<string, Paint> {
  return {
    '❌': style.red,
    '🆕': style.green,
    '✏️': style.green,
    '⬆️': style.green,
    '✅': style.dim,
    '📝': style.yellow,
    '🗑️': style.yellow,
  };
}

const EMOJI = /^(\p{Extended_Pictographic}\uFE0F?)\s*/u;

/** Inline Markdown of one line or cell: links, code, bold, escapes, a leading status emoji. */
function inline(text: string, style: TerminalStyle): string {
  let paint: Paint = (value) => value;
  const emoji = EMOJI.exec(text);
  if (emoji) {
    paint = statusPaint(style)[emoji[1]!] ?? paint;
    text = text.slice(emoji[0].length);
  }
  const rendered = text
    .replace(/<\/?(details|summary)>/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, (_, bold: string) => style.bold(bold))
    .replace(/`([^`]*)`/g, (_, code: string) => style.cyan(code))
    .replace(/\\([\\|])/g, '$1');
  return paint(rendered);
}

/** The cells of `| a | b \| c |`, escaped pipes kept inside their cell. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner[index]!;
    if (char === '\\' && index + 1 < inner.length) {
      current += char + inner[index + 1]!;
      index += 1;
    } else if (char === '|') {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  parts.push(current.trim());
  return parts;
}

function table(lines: string[], style: TerminalStyle): string[] {
  const header = cells(lines[0]!);
  const body = lines.slice(2).map(cells);
  // A cell may hold several lines (`<br>`): the row is as tall as its tallest cell.
  const grid = [header, ...body].map((row) =>
    header.map((_, column) => (row[column] ?? '').split('<br>').map((part) => inline(part, style))),
  );
  const widths = header.map((_, column) =>
    Math.max(...grid.flatMap((row) => row[column]!.map(visibleWidth))),
  );
  const pad = (text: string, width: number) => text + ' '.repeat(width - visibleWidth(text));
  const out: string[] = [];
  grid.forEach((row, rowIndex) => {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let line = 0; line < height; line += 1) {
      const text = row.map((cell, column) => {
        const value = cell[line] ?? '';
        return column === row.length - 1 ? value : pad(value, widths[column]!);
      });
      out.push((rowIndex === 0 ? text.map((cell) => style.bold(cell)) : text).join('  ').trimEnd());
    }
    if (rowIndex === 0 && !style.color) {
      out.push(widths.map((width) => '-'.repeat(width)).join('  '));
    }
  });
  return out;
}

export function renderMarkdownForTerminal(markdown: string, style: TerminalStyle): string {
  const lines = markdown.split('\n');
  const out: string[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line.trimStart().startsWith('|')) {
      const block: string[] = [];
      while (index < lines.length && lines[index]!.trimStart().startsWith('|')) block.push(lines[index++]!);
      index -= 1;
      out.push(...table(block, style));
      continue;
    }
    if (line.trim() === '</details>') continue;
    // A fenced block (a file init would write, a command to copy) is shown as written.
    if (/^\s*```/.test(line)) {
      while (index + 1 < lines.length && !/^\s*```/.test(lines[index + 1]!)) out.push(lines[++index]!);
      index += 1;
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      out.push(style.bold(inline(heading[1]!, style)));
      continue;
    }
    out.push(inline(line, style));
  }
  // Blank lines collapse to one, as a Markdown renderer shows them.
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
