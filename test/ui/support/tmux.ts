/** A real terminal for end-to-end tests of the live view: a detached tmux session. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export function assertTmux(): void {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
  } catch {
    throw new Error('tmux not found on PATH: the live view is tested in a real terminal (apt-get install tmux; .ci/run does)');
  }
}

export class TmuxTerminal {
  readonly name = `zapsweep-${randomBytes(4).toString('hex')}`;

  constructor(cwd: string, width: number, height: number, env: Record<string, string> = {}, unset: string[] = []) {
    const exports = [...unset.map((k) => `unset ${k}; `), ...Object.entries(env).map(([k, v]) => `export ${k}='${v}'; `)].join('');
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', String(width), '-y', String(height), '-c', cwd, `${exports}exec bash --norc --noprofile`]);
  }

  /** Keys as tmux names them ("Enter", "Escape", "C-c") or literal text with `literal`. */
  keys(keys: string, literal = false): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...(literal ? ['-l'] : []), keys]);
  }

  line(text: string): void {
    this.keys(text, true);
    this.keys('Enter');
  }

  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  /** Waits (polling) until the screen satisfies `test`; fails with the last screen. */
  async until(what: string, test: (screen: string) => boolean, timeoutMs = 400_000): Promise<string> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (test(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  close(): void {
    try {
      execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
}
