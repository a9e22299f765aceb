import { createReport } from '../lib/report.js';

/** The printed lines and rows of `npm run bench:http`. */
export const { rows, report } = createReport({ digits: 1, figure: 66, value: 9, unit: 7, target: 10 });
