/** The review TUI (Ink). Types-only dependencies: it renders an engine Outcome, nothing else. */
export { ReviewApp, type ReviewAppProps } from './App.js';
export { reviewItems, type ReviewItem } from './items.js';
export { actionOf, reduce, initialState, type ReviewAction, type ReviewState } from './state.js';
