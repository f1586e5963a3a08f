// A small, strict XML 1.0 reader for the JUnit tests. It accepts an XML
// declaration, elements, attributes, character data, comments and the five
// predefined entities plus numeric character references, and throws on
// anything not well-formed: mismatched tags, duplicate attributes, unescaped
// `<` or `&`, characters XML 1.0 forbids, text outside the root element.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

const NAME = /^[A-Za-z_:][\w.:-]*/u;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  const reader = new Reader(source);
  return reader.document();
}

export function findAll(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (node: XmlElement) => {
    if (node.name === name) found.push(node);
    node.children.forEach(visit);
  };
  visit(element);
  return found;
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

class Reader {
  private position = 0;

  constructor(private readonly source: string) {
    for (const char of source) {
      if (!isXmlChar(char.codePointAt(0)!)) throw new Error(`character U+${char.codePointAt(0)!.toString(16)} is not allowed in XML 1.0`);
    }
  }

  document(): XmlElement {
    if (this.source.startsWith('<?xml')) {
      const end = this.source.indexOf('?>');
      if (end < 0) throw new Error('unterminated XML declaration');
      this.position = end + 2;
    }
    this.skipMisc();
    const root = this.element();
    this.skipMisc();
    if (this.position !== this.source.length) throw new Error(`content after the root element at offset ${this.position}`);
    return root;
  }

  private skipMisc(): void {
    for (;;) {
      this.skipSpace();
      if (this.source.startsWith('<!--', this.position)) this.comment();
      else return;
    }
  }

  private skipSpace(): void {
    while (/\s/u.test(this.source[this.position] ?? '')) this.position++;
  }

  private comment(): void {
    const end = this.source.indexOf('-->', this.position + 4);
    if (end < 0) throw new Error('unterminated comment');
    this.position = end + 3;
  }

  private name(): string {
    const match = NAME.exec(this.source.slice(this.position));
    if (match === null) throw new Error(`expected a name at offset ${this.position}`);
    this.position += match[0].length;
    return match[0];
  }

  private expect(text: string): void {
    if (!this.source.startsWith(text, this.position)) throw new Error(`expected \`${text}\` at offset ${this.position}`);
    this.position += text.length;
  }

  private element(): XmlElement {
    this.expect('<');
    const element: XmlElement = { name: this.name(), attributes: {}, children: [], text: '' };

    for (;;) {
      const before = this.position;
      this.skipSpace();
      if (this.source.startsWith('/>', this.position)) {
        this.position += 2;
        return element;
      }
      if (this.source.startsWith('>', this.position)) {
        this.position += 1;
        break;
      }
      if (before === this.position) throw new Error(`expected whitespace before an attribute at offset ${this.position}`);
      const name = this.name();
      if (name in element.attributes) throw new Error(`duplicate attribute ${name}`);
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      element.attributes[name] = this.attributeValue();
    }

    this.content(element);
    this.expect('</');
    const closing = this.name();
    if (closing !== element.name) throw new Error(`closing tag </${closing}> does not match <${element.name}>`);
    this.skipSpace();
    this.expect('>');
    return element;
  }

  private attributeValue(): string {
    const quote = this.source[this.position];
    if (quote !== '"' && quote !== "'") throw new Error(`attribute value must be quoted at offset ${this.position}`);
    this.position++;
    let value = '';
    for (;;) {
      const char = this.source[this.position];
      if (char === undefined) throw new Error('unterminated attribute value');
      if (char === quote) break;
      if (char === '<') throw new Error(`raw < in attribute value at offset ${this.position}`);
      if (char === '&') {
        value += this.reference();
        continue;
      }
      // Attribute-value normalisation: literal white space becomes a space.
      value += char === '\t' || char === '\n' || char === '\r' ? ' ' : char;
      this.position++;
    }
    this.position++;
    return value;
  }

  private content(element: XmlElement): void {
    for (;;) {
      const char = this.source[this.position];
      if (char === undefined) throw new Error(`unterminated element <${element.name}>`);
      if (this.source.startsWith('</', this.position)) return;
      if (this.source.startsWith('<!--', this.position)) {
        this.comment();
      } else if (char === '<') {
        element.children.push(this.element());
      } else if (char === '&') {
        element.text += this.reference();
      } else {
        if (this.source.startsWith(']]>', this.position)) throw new Error('`]]>` in character data');
        element.text += char;
        this.position++;
      }
    }
  }

  private reference(): string {
    const end = this.source.indexOf(';', this.position);
    if (end < 0) throw new Error(`unterminated reference at offset ${this.position}`);
    const body = this.source.slice(this.position + 1, end);
    this.position = end + 1;

    if (body.startsWith('#')) {
      const code = body.startsWith('#x') ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!Number.isInteger(code) || !isXmlChar(code)) throw new Error(`character reference &${body}; is not allowed in XML 1.0`);
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[body];
    if (value === undefined) throw new Error(`undefined entity &${body};`);
    return value;
  }
}
