import type { Ended } from '../actions.ts';

/** "2 sessions and 3 grants ended." (the result page's sentence for an ending). */
export const endedText = (e: Pick<Ended, 'sessions' | 'grants'>) =>
  `${e.sessions} session${e.sessions === 1 ? '' : 's'} and ${e.grants} grant${e.grants === 1 ? '' : 's'} ended.`;
