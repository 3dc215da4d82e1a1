import { CASE_NUMBER_PREFIX, type Kind } from './vocabulary';

/**
 * `{PREFIX}-{YYYYMM}-{NNNN}`: serial from 0001 per prefix and month of logging, wider past 9999
 * (API.md "Case numbers"). `month` is the logging month in the configured time zone, `YYYYMM`.
 */
export const formatCaseNumber = (kind: Kind, month: string, serial: number): string =>
  `${CASE_NUMBER_PREFIX[kind]}-${month}-${String(serial).padStart(4, '0')}`;
