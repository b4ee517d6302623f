// What a bracket expression may name: the character classes (`[[:alpha:]]`, as regex class
// source) and the collating symbols (`[[.space.]]`, `[[.hyphen.]]`: the POSIX names of the
// ASCII characters bash knows, lib/glob/collsyms.h, and any one character).

export const CLASSES: Record<string, string> = {
  alpha: '\\p{L}', digit: '0-9', alnum: '\\p{L}\\p{Nd}', upper: '\\p{Lu}', lower: '\\p{Ll}', space: '\\s',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9a-fA-F', cntrl: '\\x00-\\x1f\\x7f', print: '\\P{C}', graph: '\\p{L}\\p{N}\\p{P}\\p{S}', word: '\\p{L}\\p{Nd}_',
};

const NAMES: Record<string, string> = {
  NUL: '\0', SOH: '\x01', STX: '\x02', ETX: '\x03', EOT: '\x04', ENQ: '\x05', ACK: '\x06',
  alert: '\x07', backspace: '\b', tab: '\t', newline: '\n', 'vertical-tab': '\v', 'form-feed': '\f',
  'carriage-return': '\r', SO: '\x0e', SI: '\x0f', DLE: '\x10', DC1: '\x11', DC2: '\x12', DC3: '\x13',
  DC4: '\x14', NAK: '\x15', SYN: '\x16', ETB: '\x17', CAN: '\x18', EM: '\x19', SUB: '\x1a', ESC: '\x1b',
  IS4: '\x1c', IS3: '\x1d', IS2: '\x1e', IS1: '\x1f', space: ' ', 'exclamation-mark': '!',
  'quotation-mark': '"', 'number-sign': '#', 'dollar-sign': '$', 'percent-sign': '%', ampersand: '&',
  apostrophe: "'", 'left-parenthesis': '(', 'right-parenthesis': ')', asterisk: '*', 'plus-sign': '+',
  comma: ',', hyphen: '-', minus: '-', dash: '-', period: '.', slash: '/', solidus: '/', zero: '0',
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
  colon: ':', semicolon: ';', 'less-than-sign': '<', 'equals-sign': '=', 'greater-than-sign': '>',
  'question-mark': '?', 'commercial-at': '@', 'left-square-bracket': '[', backslash: '\\',
  'reverse-solidus': '\\', 'right-square-bracket': ']', circumflex: '^', 'circumflex-accent': '^',
  underscore: '_', 'grave-accent': '`', 'left-brace': '{', 'left-curly-bracket': '{', 'vertical-line': '|',
  'right-brace': '}', 'right-curly-bracket': '}', tilde: '~', DEL: '\x7f',
};

/** The character `[.NAME.]` stands for; '' for a name bash does not know (it matches nothing). */
export function collatingSymbol(name: string): string {
  if ([...name].length === 1) return name;
  return Object.prototype.hasOwnProperty.call(NAMES, name) ? NAMES[name]! : '';
}
