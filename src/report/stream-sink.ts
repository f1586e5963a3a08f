// Where streamed reports go: a sink for the output, and spill buffers for the
// parts a format places before data that is still arriving. Portable: Node
// supplies file-backed spills (src/node/spill.ts); memory spills serve tests
// and runtimes without a file system.

/** The destination of a streamed report. */
export interface ReportSink {
  write(text: string): void | Promise<void>;
}

/** A span of a spill buffer, in the buffer's own units. */
export interface SpillRange {
  start: number;
  end: number;
}

/** Append-only scratch storage whose content is copied to the sink at the end. */
export interface SpillBuffer {
  append(text: string): Promise<SpillRange>;
  /** Copies the whole buffer, or one range returned by `append`, to `sink`. */
  copyTo(sink: ReportSink, range?: SpillRange): Promise<void>;
  /** Releases the storage; the buffer is unusable afterwards. */
  dispose(): Promise<void>;
}

export type SpillFactory = () => Promise<SpillBuffer>;

/** Keeps spilled text in memory: for tests, small runs, and runtimes without files. */
export function memorySpill(): Promise<SpillBuffer> {
  const chunks: string[] = [];
  return Promise.resolve({
    append: async (text: string) => {
      chunks.push(text);
      return { start: chunks.length - 1, end: chunks.length };
    },
    copyTo: async (sink: ReportSink, range?: SpillRange) => {
      const end = range?.end ?? chunks.length;
      for (let i = range?.start ?? 0; i < end; i++) await sink.write(chunks[i]);
    },
    dispose: async () => {
      chunks.length = 0;
    },
  });
}

/** Collects the written text in memory; for tests and for callers that need the report as a string. */
export class StringSink implements ReportSink {
  private readonly parts: string[] = [];

  write(text: string): void {
    this.parts.push(text);
  }

  toString(): string {
    return this.parts.join('');
  }
}
