/** The bytes the CSV scanner and the row checks compare against. */
export const LF = 0x0a;
export const CR = 0x0d;
export const COMMA = 0x2c;
export const QUOTE = 0x22;
export const SPACE = 0x20;
export const TAB = 0x09;
