// What the CLI needs from its process, injected so tests can run it in memory.

export interface CliStream {
  write(text: string): unknown;
  /** True when the stream is a terminal (Node sets it on process streams). */
  isTTY?: boolean;
  /** Terminal width in characters, when known. */
  columns?: number;
}

export interface CliIo {
  /** Machine output: reports, rule lists. */
  stdout: CliStream;
  /** Diagnostics, errors and the progress bar. */
  stderr: CliStream;
  env: Record<string, string | undefined>;
  /** Folder that relative paths on the command line are resolved against. */
  cwd: string;
  /** Clock in milliseconds, for the progress bar; defaults to `Date.now`. */
  now?: () => number;
}

/** Reports whether `NO_COLOR` is set to a non-empty value (see no-color.org). */
export function noColorRequested(env: CliIo['env']): boolean {
  const value = env.NO_COLOR;
  return value !== undefined && value !== '';
}

/** Reports whether escape sequences may be written to `stream`. */
export function supportsEscapes(stream: CliStream, env: CliIo['env']): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}
