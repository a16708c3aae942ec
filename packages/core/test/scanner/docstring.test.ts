// Docstrings as Prefect reads them: inspect.getdoc's cleaning, and griffe's Google-style
// parameter sections (what the Prefect UI shows under each run-form field).
import { describe, expect, it } from '@jest/globals';
import { cleanDocstring, googleParameterDescriptions } from '../../src/scanner/index.js';

describe('cleanDocstring (inspect.getdoc)', () => {
  it.each([
    ['one line', 'Loads.', 'Loads.'],
    ['leading and trailing blank lines go', '\n\n  Loads.\n\n', 'Loads.'],
    [
      'the first line is stripped, the rest dedented',
      '  Summary.\n\n    Details\n      indented.\n    ',
      'Summary.\n\nDetails\n  indented.',
    ],
    [
      'tabs count to the next multiple of eight',
      'Summary.\n\tTabbed.\n\t  More.',
      'Summary.\nTabbed.\n  More.',
    ],
    ['a blank line with spaces keeps what is past the margin', 'S.\n    a\n      \n    b', 'S.\na\n  \nb'],
    ['empty', '', ''],
  ])('%s', (_title, doc, cleaned) => {
    expect(cleanDocstring(doc)).toBe(cleaned);
  });
});

describe('googleParameterDescriptions (griffe, Google style)', () => {
  it('reads names, optional types and continuation lines', () => {
    const doc = [
      'Summary.',
      '',
      'Args:',
      '    day (str): The day',
      '        to load.',
      '',
      '        Second paragraph.',
      '    limit: At most this many.',
      '',
      'Returns:',
      '    count: not a parameter.',
    ].join('\n');
    expect(Object.fromEntries(googleParameterDescriptions(doc))).toEqual({
      day: 'The day\nto load.\n\nSecond paragraph.',
      limit: 'At most this many.',
    });
  });

  it.each(['Args', 'Arguments', 'Params', 'Parameters', 'args'])('knows the "%s:" title', (title) => {
    expect(googleParameterDescriptions(`S.\n\n${title}:\n    x: X.`).get('x')).toBe('X.');
  });

  it.each([
    ['no blank line above the title', 'Summary.\nArgs:\n    x: X.'],
    ['nothing indented below the title', 'S.\n\nArgs:\nx: X.'],
    ['a blank line between the title and its items', 'S.\n\nArgs:\n\n    x: X.'],
    ['an indented title', 'S.\n\n  Args:\n      x: X.'],
    ['inside a code fence', 'S.\n\n```\nArgs:\n    x: X.\n```'],
    ['Keyword Args are another section', 'S.\n\nKeyword Args:\n    x: X.'],
  ])('reads no section when there is %s', (_title, doc) => {
    expect(googleParameterDescriptions(doc).size).toBe(0);
  });

  it('lets the last parameters section win and skips items without a colon', () => {
    const doc = 'S.\n\nArgs:\n    x: First.\n\nParameters:\n    y: Second.\n    broken item\n';
    expect(Object.fromEntries(googleParameterDescriptions(doc))).toEqual({ y: 'Second.' });
  });

  // Measured against Prefect 3.8.3: griffe keeps `cleandoc(doc.rstrip())`, so only the docstring's
  // last line loses its trailing whitespace; an item with nothing after its colon is "".
  it.each([
    ['trailing spaces inside the section stay', 'S.\n\nArgs:\n    a: The a.   \n    b: B.', 'a', 'The a.   '],
    ['the last line of the docstring is stripped', 'S.\n\nArgs:\n    a: A.\n    b: Last. \t', 'b', 'Last.'],
    [
      'a continuation line keeps its spaces',
      'S.\n\nArgs:\n    c (int): Multi   \n        line.   \n\n    d: D.',
      'c',
      'Multi   \nline.   ',
    ],
    ['nothing after the colon is an empty description', 'S.\n\nArgs:\n    a:\n    b (int):', 'b', ''],
    ['an empty first item', 'S.\n\nArgs:\n    a:\n    b: B.', 'a', ''],
  ])('%s', (_title, doc, name, description) => {
    expect(googleParameterDescriptions(doc).get(name)).toBe(description);
  });

  it('keeps the name as written when there is no type in parentheses', () => {
    expect([...googleParameterDescriptions('S.\n\nArgs:\n    x : X.').keys()]).toEqual(['x ']);
  });
});
