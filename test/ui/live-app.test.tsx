import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { colourTheme, plainTheme, themeFor } from '../../src/ui/theme.js';
import { keys, renderApp } from './support/render-app.js';
import { sweepFixture } from './support/sweep-fixture.js';

afterEach(cleanup);

const grid = () => sweepFixture().grid({ zapEvery: [0, 1, 2], optimizer: ['adam', 'sgd'] }).seeds(3);
const lines = (frame: string): string[] => frame.split('\n');
/** The configuration column values of the board rows, top to bottom. */
const boardOrder = (frame: string): string[] => lines(frame).filter((l) => /^[▸ ]\s+(\d+|-)[* ] /.test(l)).map((l) => l.slice(6, 22).trim().replace(/\s+/g, ' '));

function expectFits(frame: string, width: number, height: number): void {
  const ls = lines(frame);
  expect(ls.length).toBeLessThan(height);
  for (const l of ls) expect(l.length, l).toBeLessThanOrEqual(width);
}

describe('live view: what it shows', () => {
  it.each([
    ['empty sweep (nothing ran yet)', () => grid().model(), ['0/18', 'eta --:--', '  -  0       adam', '0/3'], ['failures']],
    ['a sweep without trials', () => sweepFixture().grid({ zapEvery: [] }).model(), ['0/0', 'no configurations'], []],
    ['all trials failed', () => {
      const f = grid();
      for (let c = 0; c < 6; c++) for (let s = 0; s < 3; s++) f.fail(c, s, `bad input ${c}/${s}`);
      return f.model();
    }, ['✗18', 'failures (18)', 'bad input 5/2', 'error, final'], ['▸  1']],
    ['a finished sweep', () => grid().succeedAll().model(), ['✓18', '▸  1* 2       sgd', '0.910±0.025', '3/3', 'Δret', '+0.320', 'eta 00:00'], ['running (']],
    ['running trials with progress', () => grid().start(0, 0).progress(0, 0, 'pretrain', 3, 10).start(1, 0).progress(1, 0, 'transfer', 1, 2).model(), ['running (2)', '#0 s0', 'pretrain 3/10', 'transfer 1/2', '▶2', '░'], []],
  ])('%s', async (_name, model, present, absent) => {
    const r = renderApp(model());
    await r.press();
    const frame = r.frame();
    for (const p of present) expect(frame).toContain(p);
    for (const a of absent) expect(frame).not.toContain(a);
    expectFits(frame, 80, 24);
  });

  it.each([
    [80, 24],
    [100, 40],
    [60, 16],
  ])('fits %d×%d, using the room it has', async (width, height) => {
    const f = grid().succeedAll();
    for (let c = 0; c < 6; c++) f.fail(c, 0, 'x'.repeat(200), { attempt: 1 });
    const r = renderApp(f.model(), { width, height });
    await r.press();
    expectFits(r.frame(), width, height);
    if (width >= 100) expect(r.frame()).toContain('zapEvery optimizer');
  });

  it('shows 1,000 configurations in a window that follows the selection', async () => {
    const f = sweepFixture().grid({ zapEvery: Array.from({ length: 250 }, (_, i) => i), optimizer: ['adam', 'sgd'], lr: [0.1, 0.01] }).seeds(1).succeedAll();
    const r = renderApp(f.model());
    await r.press();
    expect(r.frame()).toContain('1000/1000');
    expectFits(r.frame(), 80, 24);
    await r.press(keys.pageDown, keys.pageDown, keys.down);
    const page = Number(/▸ +(\d+)/.exec(r.frame())?.[1]);
    expect(page).toBeGreaterThan(10);
    expect(r.frame()).not.toMatch(/^ +1\* /m);
    await r.press(keys.pageUp, keys.pageUp, keys.pageUp);
    expect(r.frame()).toMatch(/▸ +1\*/);
    expectFits(r.frame(), 80, 24);
    await r.press('/', ...'zap=7 opt=ad lr=0.1', keys.enter);
    expect(r.frame()).toContain('filter "zap=7 opt=ad lr=0.1": 1 of 1000 configurations');
  });

  it('shows the detail of a configuration: metrics, curves, zaps, seeds', async () => {
    const f = grid().curves(2, 0, 0.9, 1).curves(2, 1, 0.8, 1).succeedAll().fail(2, 2, 'late crash', { attempt: 1 });
    const r = renderApp(f.model());
    await r.press();
    // c2 = zapEvery 1, adam: rank 4.
    await r.press(keys.down, keys.down, keys.down, keys.enter);
    const frame = r.frame();
    for (const p of ['config #4 * zapEvery=1 optimizer=adam', 'retainedAccuracy 0.670 ±0.025', 'pretrain.loss', 'pretrain.oldTestAccuracy', '▁', '█', 'zaps 6 over all seeds: pretrain epochs 1, 2, 3 (head)', 'seed 0', 'retained 0.660', 'esc back']) expect(frame).toContain(p);
    expectFits(frame, 80, 24);
    await r.press(keys.down);
    expect(r.frame()).toContain('config #5');
    await r.press(keys.esc);
    expect(r.frame()).toContain('enter detail');
  });
});

describe('live view: keys', () => {
  it('s cycles the sort: Pareto, retained, gain, zapEvery', async () => {
    const r = renderApp(grid().succeedAll().model());
    await r.press();
    expect(boardOrder(r.frame())[0]).toBe('2 sgd');
    const seen: Array<[string, string[]]> = [];
    for (let i = 0; i < 4; i++) {
      await r.press('s');
      const frame = r.frame();
      seen.push([/sort:(\w+)/.exec(frame)?.[1] ?? '?', boardOrder(frame).slice(0, 2)]);
    }
    expect(seen).toEqual([
      ['retained', ['2 sgd', '2 adam']],
      ['gain', ['0 adam', '0 sgd']],
      ['zapEvery', ['0 sgd', '0 adam']],
      ['pareto', ['2 sgd', '2 adam']],
    ]);
  });

  it('/ filters by parameter; esc clears the filter', async () => {
    const r = renderApp(grid().succeedAll().model());
    await r.press('/', ...'optimizer=ad');
    expect(r.frame()).toContain('filter (e.g. optimizer=adam zap=1): optimizer=ad');
    await r.press(keys.backspace, 'd', keys.enter);
    expect(boardOrder(r.frame())).toEqual(['2 adam', '1 adam', '0 adam']);
    expect(r.frame()).toContain('3 of 6 configurations');
    await r.press(keys.esc);
    expect(boardOrder(r.frame())).toHaveLength(6);
  });

  it('p pauses and x stops a local run (x asks first)', async () => {
    const model = grid().model();
    const r = renderApp(model);
    await r.press('p');
    expect(r.commands).toEqual(['pause']);
    model.setPaused(true);
    await r.press();
    expect(r.frame()).toContain('paused');
    expect(r.frame()).toContain('p resume');
    await r.press('x');
    expect(r.frame()).toContain('stop the sweep? running trials are interrupted');
    await r.press('n');
    expect(r.frame()).toContain('cancelled');
    await r.press('x', 'y');
    expect(r.commands).toEqual(['pause', 'stop']);
  });

  it('q asks before stopping a local run; Ctrl-C stops at once', async () => {
    const r = renderApp(grid().model());
    await r.press('q');
    expect(r.frame()).toContain('quit: stops this sweep');
    expect(r.commands).toEqual([]);
    await r.press('y');
    expect(r.commands).toEqual(['stop']);
    await r.press(keys.ctrlC);
    expect(r.commands).toEqual(['stop', 'interrupt']);
  });

  it('under watch, q quits at once and p/x explain they cannot act', async () => {
    const r = renderApp(grid().model(), { canControl: false });
    await r.press();
    expect(r.frame()).not.toContain('p pause');
    await r.press('p');
    expect(r.frame()).toContain('runs in another process');
    await r.press('x');
    expect(r.frame()).not.toContain('stop the sweep?');
    await r.press('q');
    expect(r.commands).toEqual(['quit']);
  });

  it('follows events as they arrive', async () => {
    const f = grid();
    const model = f.model();
    const r = renderApp(model);
    await r.press();
    expect(r.frame()).toContain('0/18');
    const later = grid().succeedAll();
    model.applyAll(later.events);
    await r.press();
    expect(r.frame()).toContain('18/18');
  });
});

describe('colours', () => {
  it.each([
    [{}, colourTheme],
    [{ NO_COLOR: '1' }, plainTheme],
    [{ NO_COLOR: '' }, colourTheme],
  ])('themeFor(%j)', (env, theme) => expect(themeFor(env)).toBe(theme));
});
