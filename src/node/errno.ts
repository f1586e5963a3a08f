/** Returns the `code` of a Node system error (`ENOENT`, `EACCES`), or `unknown error`. */
export function errnoCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}
