import { createReport } from '../lib/report.js';

/** The printed lines and rows of `npm run bench`. */
export const { rows, report } = createReport({ digits: 2, figure: 58, value: 10, unit: 8, target: 14 });
