import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { IsAbsentOrValid, IsClientId } from '@casebook/platform';
import { DASHBOARD_LANGS, GRANULARITIES, LOCAL_DATE_PATTERN, TREND_METRICS, type DashboardLang } from '@casebook/projections/dashboard/dashboard.queries';

/** Query parameters of GET /dashboard/overview. */
export class DashboardParams {
  @ApiPropertyOptional({ description: 'one site; without it, every site the caller may see' })
  @IsAbsentOrValid()
  @IsClientId()
  siteId?: string;
}

/** Query parameters of GET /dashboard/departments. */
export class DepartmentsParams extends DashboardParams {
  @ApiPropertyOptional({ enum: DASHBOARD_LANGS, default: 'en', description: 'zh-CN: departmentName is the Chinese name (nameZh) where the directory has one' })
  @IsAbsentOrValid()
  @IsIn(DASHBOARD_LANGS)
  lang?: DashboardLang;
}

const localDate = () => Matches(LOCAL_DATE_PATTERN, { message: '$property must be a local date as YYYY-MM-DD' });

/** Query parameters of GET /dashboard/trends. */
export class TrendParams extends DashboardParams {
  @ApiProperty({ enum: TREND_METRICS, description: 'received (cases by receivedAt), closed (CaseClosed events), breached (SlaBreached events)' })
  @IsIn(TREND_METRICS)
  metric: 'received' | 'closed' | 'breached';

  @ApiPropertyOptional({ enum: GRANULARITIES, default: 'day' })
  @IsAbsentOrValid()
  @IsIn(GRANULARITIES)
  granularity?: 'day' | 'week' | 'month';

  @ApiPropertyOptional({ description: 'first local date (CASEBOOK_TZ), YYYY-MM-DD; default: 29 days, 11 weeks or 11 months before `to`' })
  @IsAbsentOrValid()
  @IsString()
  @localDate()
  from?: string;

  @ApiPropertyOptional({ description: 'last local date (CASEBOOK_TZ), YYYY-MM-DD, inclusive; default: today' })
  @IsAbsentOrValid()
  @IsString()
  @localDate()
  to?: string;
}
