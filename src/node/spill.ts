// Spill buffers in temporary files, for the streaming report writers
// (src/report/stream*.ts): what a report places before still-arriving data
// waits on disk instead of in memory.

import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { ReportSink, SpillBuffer, SpillRange } from '../report/stream-sink.js';
import { trackTemporary, untrackTemporary } from './temporary.js';

/** Bytes gathered in memory before one write to the file, and the size of each read when copying back. */
export const SPILL_CHUNK_BYTES = 64 * 1024;

/** Creates a spill buffer in a new temporary folder, removed by `dispose`. */
export async function fileSpill(): Promise<SpillBuffer> {
  const folder = await mkdtemp(path.join(tmpdir(), 'bulwark-spill-'));
  trackTemporary(folder);
  try {
    return new FileSpill(folder, await open(path.join(folder, 'spill'), 'w+', 0o600));
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    untrackTemporary(folder);
    throw error;
  }
}

class FileSpill implements SpillBuffer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes appended so far, written or pending. */
  private size = 0;
  private flushed = 0;

  constructor(private readonly folder: string, private readonly handle: FileHandle) {}

  async append(text: string): Promise<SpillRange> {
    const bytes = Buffer.from(text, 'utf8');
    const start = this.size;
    this.size += bytes.length;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= SPILL_CHUNK_BYTES) await this.flush();
    return { start, end: this.size };
  }

  async copyTo(sink: ReportSink, range: SpillRange = { start: 0, end: this.size }): Promise<void> {
    await this.flush();
    const decoder = new TextDecoder();
    const buffer = Buffer.alloc(Math.min(SPILL_CHUNK_BYTES, Math.max(1, range.end - range.start)));

    // A chunk may end inside a UTF-8 sequence, so the decoder carries the rest to the next chunk.
    for (let position = range.start; position < range.end; ) {
      const { bytesRead } = await this.handle.read(buffer, 0, Math.min(buffer.length, range.end - position), position);
      if (bytesRead === 0) throw new Error(`spill file in ${this.folder} ended at byte ${position}, before ${range.end}`);
      position += bytesRead;
      await sink.write(decoder.decode(buffer.subarray(0, bytesRead), { stream: true }));
    }
    const rest = decoder.decode();
    if (rest !== '') await sink.write(rest);
  }

  async dispose(): Promise<void> {
    this.pending = [];
    await this.handle.close().catch(() => undefined);
    await rm(this.folder, { recursive: true, force: true });
    untrackTemporary(this.folder);
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.handle.write(data, 0, data.length, this.flushed);
    this.flushed += data.length;
  }
}
