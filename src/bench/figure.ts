/** One benchmark figure, beside a reference measured in the same run (every suite returns these). */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  reference?: { name: string; value: number };
}
