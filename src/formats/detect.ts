// Format detection: which parser (and which directive dialect) a file gets.
// The file name decides first, because configuration files follow naming
// conventions far more reliably than their contents can be sniffed. Content
// decides for `.conf` files (nginx, Apache and plain directive files share
// that extension) and for names that match no rule. Only the first 8 KiB are
// read, so detection costs the same for every file size.

import type { Dialect, Format } from '../policy/rule.js';
import { hasUtf16Bom } from './text.js';
import type { Detection } from './types.js';

/** Bytes read from the start of a file for binary and content sniffing. */
export const SNIFF_BYTES = 8 * 1024;

/** Share of control bytes in the sniffed head above which a file counts as binary. */
export const MAX_CONTROL_SHARE = 0.1;

/** Suffixes of template and sample copies, looked through to the real name (`postgresql.conf.sample`). */
const TEMPLATE_SUFFIXES = ['.sample', '.in', '.example', '.dist'];

const EXTENSION_FORMATS: Readonly<Record<string, Format>> = {
  yaml: 'yaml',
  yml: 'yaml',
  json: 'json',
  toml: 'toml',
  properties: 'properties',
  ini: 'ini',
  cnf: 'ini',
  cfg: 'ini',
};

const lossyUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Detects the format of a configuration file from its path and its first bytes. */
export function detectFormat(filePath: string, bytes: Uint8Array): Detection {
  const head = bytes.subarray(0, SNIFF_BYTES);

  // 1. Binary files are skipped whatever their name.
  const binary = binaryReason(head);
  if (binary) return { skip: 'binary', reason: binary };

  // 2. The name, then the content.
  const { name, folders } = splitPath(filePath);
  const text = hasUtf16Bom(head) ? decodeUtf16Head(head) : lossyUtf8.decode(head);
  const byName = detectByName(name, folders, text);
  if (byName) return byName;

  const byContent = detectByContent(text);
  if (byContent) return byContent;
  return { skip: 'unknown-format', reason: 'neither the file name nor the content matches a supported configuration format; exclude it with --exclude, or give it the extension of its format' };
}

/** Returns why the head looks binary, or undefined for text. */
function binaryReason(head: Uint8Array): string | undefined {
  if (head.length === 0 || hasUtf16Bom(head)) return undefined;

  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const byte = head[i];
    if (byte === 0) return 'file contains a NUL byte in its first 8 KiB, so it is treated as binary';
    // Tab, line feed, vertical tab, form feed, carriage return and escape occur in text files.
    if ((byte < 0x20 && (byte < 0x09 || byte > 0x0d) && byte !== 0x1b) || byte === 0x7f) control++;
  }
  if (control / head.length > MAX_CONTROL_SHARE) {
    return `${Math.round((100 * control) / head.length)}% of the first ${head.length} bytes are control characters, so the file is treated as binary`;
  }
  return undefined;
}

function splitPath(filePath: string): { name: string; folders: string[] } {
  const parts = filePath.toLowerCase().split(/[\\/]+/).filter((part) => part !== '');
  const name = parts.pop() ?? '';
  return { name, folders: parts };
}

function stripTemplateSuffixes(name: string): string {
  let current = name;
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of TEMPLATE_SUFFIXES) {
      if (current.endsWith(suffix) && current.length > suffix.length) {
        current = current.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return current;
}

function isEnvName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.') || name.endsWith('.env');
}

function detectByName(rawName: string, folders: string[], text: string): Detection | undefined {
  // `.env.example` is an env file itself, so env names are checked before suffixes are stripped.
  if (isEnvName(rawName)) return { format: 'env' };
  const name = stripTemplateSuffixes(rawName);
  if (isEnvName(name)) return { format: 'env' };

  if (hasBaseName(name, 'sshd_config') || hasBaseName(name, 'ssh_config')) return directives('sshd');

  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  const format = EXTENSION_FORMATS[extension];
  if (format) return { format };
  if (extension === 'conf') return detectConf(name, folders, text);
  return undefined;
}

/**
 * Does `name` start with `base`, or contain it right after a separator? Copies
 * and exports of configs often carry a prefix: `prod-sshd_config`,
 * `openssh__sshd_config`, `app.redis.conf`.
 */
function hasBaseName(name: string, base: string): boolean {
  const at = name.lastIndexOf(base);
  return at === 0 || (at > 0 && /[^A-Za-z0-9]/.test(name[at - 1]));
}

/** `.conf` files: well-known names, then block syntax in the content, then the folder. */
function detectConf(name: string, folders: string[], text: string): Detection {
  if (hasBaseName(name, 'redis')) return directives('redis');
  if (hasBaseName(name, 'postgresql')) return directives('postgresql');
  if (hasBaseName(name, 'pg_hba') || hasBaseName(name, 'pg_ident')) return directives('generic');
  if (hasBaseName(name, 'httpd') || hasBaseName(name, 'apache2.conf') || hasBaseName(name, 'apache.conf')) return directives('apache');
  if (hasBaseName(name, 'nginx')) return directives('nginx');
  if (folders.some((folder) => folder === 'sshd_config.d' || folder === 'ssh_config.d')) return directives('sshd');

  const content = stripComments(text);
  if (APACHE_SECTION.test(content)) return directives('apache');
  if (NGINX_BLOCK.test(content)) return directives('nginx');
  if (folders.includes('nginx') || folders.includes('conf.d')) return directives('nginx');
  if (folders.includes('apache2') || folders.includes('httpd')) return directives('apache');
  if (mostlySemicolonTerminated(content)) return directives('nginx');
  return directives('generic');
}

const APACHE_SECTION = /^[ \t]*<(VirtualHost|Directory|DirectoryMatch|Location|LocationMatch|Files|FilesMatch|IfModule|IfDefine)\b/im;
const NGINX_BLOCK = /^[ \t]*(server|http|events|stream|upstream[ \t]+\S+|location[ \t]+[^{\n]+|map[ \t]+[^{\n]+|types)[ \t]*\{/m;

function stripComments(text: string): string {
  return text.replace(/^[ \t]*#.*$/gm, '');
}

/** nginx files without blocks (included snippets) still end each directive with `;`. */
function mostlySemicolonTerminated(content: string): boolean {
  const lines = significantLines(content);
  if (lines.length === 0) return false;
  const terminated = lines.filter((line) => line.endsWith(';') || line.endsWith('{') || line === '}').length;
  return terminated / lines.length >= 0.8;
}

function directives(dialect: Dialect): Detection {
  return { format: 'directives', dialect };
}

function significantLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';') || line.startsWith('//')) continue;
    out.push(line);
  }
  return out;
}

const INI_SECTION = /^\[[^\]\[{}"',]+\]$/;
const INI_ENTRY = /^[^=:\s[][^=]*?\s*=/;
const YAML_ENTRY = /^(- +)?("[^"]*"|'[^']*'|[^\s:#"'{[][^:#]*?)\s*:(\s|$)/;
const YAML_ITEM = /^- /;
const ENV_ENTRY = /^(export\s+)?[A-Za-z_][A-Za-z0-9_.]*=/;

/** Sniffs unknown names: JSON, YAML, INI or env, in that order. */
function detectByContent(text: string): Detection | undefined {
  const lines = significantLines(text.replace(/^\uFEFF/, ''));
  if (lines.length === 0) return undefined;
  const first = lines[0];

  if (first.startsWith('---') || first.startsWith('%YAML')) return { format: 'yaml' };
  if (first.startsWith('[') && INI_SECTION.test(first) && lines.some((line) => INI_ENTRY.test(line))) return { format: 'ini' };
  if (first.startsWith('{') || first.startsWith('[')) return { format: 'json' };

  const envLines = lines.filter((line) => ENV_ENTRY.test(line)).length;
  const yamlLines = lines.filter((line) => YAML_ENTRY.test(line) || YAML_ITEM.test(line)).length;
  if (envLines / lines.length >= 0.6 && envLines >= yamlLines) return { format: 'env' };
  if (yamlLines / lines.length >= 0.5) return { format: 'yaml' };
  return undefined;
}

function decodeUtf16Head(head: Uint8Array): string {
  const littleEndian = head[0] === 0xff;
  const even = head.subarray(2, 2 + Math.floor((head.length - 2) / 2) * 2);
  return new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be', { fatal: false }).decode(even);
}
