// Path globs, shared by `--exclude` and a rule's `applies_to.files`.
//
// Syntax, over paths that use `/` as the separator:
//   `**`  as a whole segment: zero or more folders (`**/x`, `a/**/x`, `a/**`)
//   `*`   any run of characters inside one segment (a `**` inside a segment acts like `*`)
//   `?`   one character other than `/`
//   `\c`  the character `c` taken literally
// Every other character matches itself. Matching is case-sensitive and anchored
// at both ends. A leading `./` in the glob or the path is ignored.

/** Tests a `/`-separated path against one compiled glob. */
export type GlobMatcher = (path: string) => boolean;

/** Compiles `glob` into a matcher; see the syntax at the top of this file. */
export function compileGlob(glob: string): GlobMatcher {
  const pattern = new RegExp(`^${globToRegExpSource(stripDotSlash(glob))}$`, 'u');
  return (path: string) => pattern.test(stripDotSlash(path));
}

/** Compiles several globs into one matcher that holds when any of them matches. */
export function compileGlobs(globs: readonly string[]): GlobMatcher {
  const matchers = globs.map(compileGlob);
  return (path: string) => matchers.some((matches) => matches(path));
}

function stripDotSlash(text: string): string {
  let rest = text;
  while (rest.startsWith('./')) rest = rest.slice(2);
  return rest;
}

function globToRegExpSource(glob: string): string {
  const segments = glob.split('/');
  let source = '';

  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index];
    const last = index === segments.length - 1;

    if (segment === '**') {
      // `a/**` matches everything below `a`; elsewhere `**/` is zero or more whole folders.
      source += last ? '.*' : '(?:[^/]*/)*';
      continue;
    }

    source += segmentToRegExpSource(segment);
    if (!last) source += '/';
  }

  return source;
}

function segmentToRegExpSource(segment: string): string {
  let source = '';

  for (let index = 0; index < segment.length; index++) {
    const char = segment[index];

    if (char === '\\' && index + 1 < segment.length) {
      index++;
      source += escapeRegExpChar(segment[index]);
    } else if (char === '*') {
      // Consecutive stars inside a segment collapse into one `[^/]*`, which
      // also keeps the expression free of nested quantifiers.
      while (segment[index + 1] === '*') index++;
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += escapeRegExpChar(char);
    }
  }

  return source;
}

function escapeRegExpChar(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/u.test(char) ? `\\${char}` : char;
}
