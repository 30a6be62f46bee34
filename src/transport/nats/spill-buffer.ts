/**
 * A FIFO of serialized events that stays bounded in memory: past `memoryLimit` entries, new
 * entries are written to local files of `chunk` entries each and read back, oldest first, when
 * memory drains. Nothing is ever dropped. Order is kept, except that `unshift` (a retry) jumps the
 * queue, which the de-duplicating receiver does not mind.
 * Hazard: spill files are written synchronously (rare, and it keeps the order simple).
 */
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpillBufferOptions {
  memoryLimit: number;
  chunk: number;
  /** Parent directory for spill files (default: the OS temp dir). */
  dir?: string;
}

export class SpillBuffer {
  private memory: string[] = [];
  private head = 0;
  private tail: string[] = [];
  private readonly files: string[] = [];
  private dir: string | undefined;
  private fileCount = 0;
  private spilledNow = 0;
  /** Entries ever written to disk (for diagnostics and tests). */
  spilled = 0;

  constructor(private readonly o: SpillBufferOptions) {}

  get size(): number {
    return this.memory.length - this.head + this.spilledNow + this.tail.length;
  }

  push(line: string): void {
    if (this.files.length === 0 && this.tail.length === 0 && this.memory.length - this.head < this.o.memoryLimit) {
      this.memory.push(line);
      return;
    }
    this.tail.push(line);
    if (this.tail.length >= this.o.chunk) this.spill();
  }

  /** Puts an entry back at the front (a publish that failed and will be retried). */
  unshift(line: string): void {
    if (this.head > 0) this.memory[--this.head] = line;
    else this.memory.unshift(line);
  }

  shift(): string | undefined {
    if (this.head >= this.memory.length) this.refill();
    if (this.head >= this.memory.length) return undefined;
    const line = this.memory[this.head];
    this.memory[this.head++] = '';
    if (this.head > 1024 && this.head * 2 > this.memory.length) {
      this.memory = this.memory.slice(this.head);
      this.head = 0;
    }
    return line;
  }

  /** Removes the spill directory. */
  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private spill(): void {
    this.dir ??= mkdtempSync(join(this.o.dir ?? tmpdir(), 'zapsweep-spill-'));
    const file = join(this.dir, `${String(this.fileCount++).padStart(8, '0')}.ndjson`);
    writeFileSync(file, this.tail.join('\n'));
    this.files.push(file);
    this.spilled += this.tail.length;
    this.spilledNow += this.tail.length;
    this.tail = [];
  }

  private refill(): void {
    this.memory = [];
    this.head = 0;
    const file = this.files.shift();
    if (file !== undefined) {
      this.memory = readFileSync(file, 'utf8').split('\n');
      this.spilledNow -= this.memory.length;
      unlinkSync(file);
    } else if (this.tail.length > 0) {
      this.memory = this.tail;
      this.tail = [];
    }
  }
}
