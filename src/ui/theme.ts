/** Tones to colours; no colour at all under NO_COLOR (https://no-color.org). */
import type { ForegroundColorName } from 'chalk';
import { createContext } from 'react';
import type { Tone } from './lines/line.js';

export type Theme = Readonly<Partial<Record<Tone, { color?: ForegroundColorName; bold?: boolean; dim?: boolean }>>>;

export const colourTheme: Theme = {
  accent: { color: 'cyan' },
  good: { color: 'green' },
  bad: { color: 'red' },
  warn: { color: 'yellow' },
  dim: { dim: true },
  title: { bold: true },
};

/** Only weight (bold, dim): the view stays readable without colour. */
export const plainTheme: Theme = { title: { bold: true }, dim: { dim: true } };

export function themeFor(env: Readonly<Record<string, string | undefined>>): Theme {
  const noColor = env['NO_COLOR'];
  return noColor !== undefined && noColor !== '' ? plainTheme : colourTheme;
}

export const ThemeContext = createContext<Theme>(colourTheme);
