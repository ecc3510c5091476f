import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './audit-csv.js';

describe('audit CSV', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(csvCell('王芳')).toBe('王芳');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell('@cmd')).toBe("'@cmd");
  });
  it('starts with a byte-order mark and ends rows with CRLF', () => {
    const csv = toCsv(['时间', '店员'], [['2026-12-02 10:00', '李静']]);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('时间,店员\r\n2026-12-02 10:00,李静\r\n');
  });
});
