/** Indicators, targets, data values and their evaluation — pure domain, no I/O. See docs/evaluation.md. */
export * from './indicator.js';
export * from './formula.js';
export * from './aggregate.js';
export * from './achievement.js';
export * from './forecast.js';
export * from './composite.js';
export * from './evaluate.js';
export * from './scorecard.js';
