// The JavaScript baseline of the flatten suite: JSON.parse, then a walk that
// turns the parsed value into (path, value) pairs for every scalar, with
// paths written as Bulwark prints them (`a.b[0].c`).

const IDENTIFIER_KEY = /^[A-Za-z0-9_$@-]+$/;

function childPath(path, key) {
  if (IDENTIFIER_KEY.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Pairs of the parsed `value`: parallel arrays of paths and scalar values. */
export function flattenToPairs(value) {
  const paths = [];
  const values = [];
  const walk = (node, path) => {
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) walk(node[i], `${path}[${i}]`);
    } else if (node !== null && typeof node === 'object') {
      for (const key in node) walk(node[key], childPath(path, key));
    } else {
      paths.push(path);
      values.push(node);
    }
  };
  walk(value, '');
  return { paths, values };
}
