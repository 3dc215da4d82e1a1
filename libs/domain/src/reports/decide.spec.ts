import { decidePublish, type PublishMonthlyReport } from './decide';
import { evolveReport, initialReportState, reportStreamId } from './events';

const command: PublishMonthlyReport = { type: 'PublishMonthlyReport', month: '2026-09', siteId: 'site-a', report: { month: '2026-09' }, publishedBy: 'mgr-1' };
const ctx = (now: string) => ({ now, timeZone: 'Asia/Shanghai' });

describe('PublishMonthlyReport', () => {
  it('is refused while the month is running in the configured zone', () => {
    // 2026-09-30T16:59Z is 2026-10-01 00:59 in Shanghai: September has ended there.
    expect(() => decidePublish(command, initialReportState, ctx('2026-09-30T15:59:59.999Z'))).toThrow(
      expect.objectContaining({ code: 'PRECONDITION_NOT_MET' }),
    );
    expect(decidePublish(command, initialReportState, ctx('2026-09-30T16:00:00.000Z'))).toEqual([
      { type: 'MonthlyReportPublished', data: { month: '2026-09', siteId: 'site-a', report: { month: '2026-09' }, publishedBy: 'mgr-1' } },
    ]);
  });

  it('is refused once published', () => {
    const [published] = decidePublish(command, initialReportState, ctx('2026-10-02T00:00:00.000Z'));
    const state = evolveReport(initialReportState, published);
    expect(() => decidePublish(command, state, ctx('2026-10-03T00:00:00.000Z'))).toThrow(expect.objectContaining({ code: 'PRECONDITION_NOT_MET' }));
  });

  it('the whole company has no site in its event nor its stream', () => {
    const [published] = decidePublish({ ...command, siteId: undefined }, initialReportState, ctx('2026-10-02T00:00:00.000Z'));
    expect(published.data).not.toHaveProperty('siteId');
    expect(reportStreamId('2026-09')).toBe('report-2026-09');
    expect(reportStreamId('2026-09', 'site-a')).toBe('report-2026-09-site-a');
  });
});
