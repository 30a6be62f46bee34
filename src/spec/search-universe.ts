/**
 * The trials an adaptive search may run (its "universe"), so that a worker still finds its trial
 * from the spec and an index alone (DESIGN.md "Contracts: Identity"):
 * - race: the grid expansion itself (configurations × seeds, seed-major); the race runs a subset
 *   of it, and a trial has the index and id it has in the full grid;
 * - halving: the grid with the fidelity as one more axis, listed first (so a configuration at
 *   each rung is its own configuration, with the fidelity among its parameters).
 * Grid and random searches expand exactly as before.
 */
import type { Sweep } from './schema.js';

/** The sweep whose plain grid expansion is the search's universe. */
export function universeSweep(sweep: Sweep): Sweep {
  const search = sweep.spec.search;
  if (search.kind !== 'halving') return sweep;
  return { ...sweep, spec: { ...sweep.spec, parameters: { [search.fidelity.path]: search.fidelity.values, ...sweep.spec.parameters } } };
}
