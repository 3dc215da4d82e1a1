import { loadConfig, signToken } from '@casebook/platform';
import { SITE_IDS } from './demo-data';
import { runDemo } from './demo-driver';

/**
 * `npm run demo`: fills a running Casebook (DEMO_URL, default http://localhost:PORT) with a
 * realistic week for three sites of its own, through the real command path over HTTP, so that
 * a newcomer sees living dashboards and a meaningful monthly report. See demo-driver.ts.
 */
async function main() {
  const config = loadConfig();
  const url = process.env.DEMO_URL ?? `http://localhost:${config.port}`;
  const cases = Number(process.env.DEMO_CASES ?? 300);
  console.log(`Filling the Casebook at ${url} with ${cases} demo cases…`);
  const summary = await runDemo({ url, secret: config.jwtSecret, cases });
  const gm = signToken(config.jwtSecret, { sub: 'gm-1', role: 'gm', sites: SITE_IDS }, '30d');
  const api = `${url}/api/v1`;
  console.log(
    [
      `Done: ${summary.cases} cases, ${summary.commands} commands (${summary.refused} refused and retried by a higher role).`,
      `Intended end states: ${Object.entries(summary.byStatusIntended).map(([s, n]) => `${s} ${n}`).join(', ')}.`,
      `The worker's SLA watcher breaches unanswered and late clocks within a minute; the penalties follow.`,
      ``,
      `Where to look (a 30-day token of the general manager 郑总, every site):`,
      `  GM=${gm}`,
      `  curl -s -H "authorization: Bearer $GM" ${api}/dashboard/overview`,
      `  curl -s -H "authorization: Bearer $GM" '${api}/dashboard/departments?lang=zh-CN'`,
      `  curl -s -H "authorization: Bearer $GM" '${api}/dashboard/trends?metric=received&granularity=day'`,
      `  curl -s -H "authorization: Bearer $GM" ${api}/reports/monthly/${summary.month}`,
      `  curl -s -H "authorization: Bearer $GM" -o report.xlsx '${api}/reports/monthly/${summary.month}.xlsx?lang=zh-CN'`,
      `  curl -s -H "authorization: Bearer $GM" '${api}/penalties/summary?month=${summary.month}'`,
      `  curl -s -H "authorization: Bearer $GM" '${api}/penalties/notices/${summary.month}?siteId=garden-court'`,
      `  curl -s -H "authorization: Bearer $GM" '${api}/cases?overdue=true'`,
      `  Docs: ${url}/docs`,
      `Cases were received over the last 7 days at most (the API's limit on receivedAt), so the month's report shows this week.`,
      `Once the month has ended, a manager issues its penalty notice (奖罚通知单: POST ${api}/penalties/notices/${summary.month}?siteId=…),`,
      `the departments object within 3 working days and the general manager approves it (see /docs, tag penalties).`,
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
