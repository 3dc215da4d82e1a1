import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches } from 'class-validator';
import { IsAbsentOrValid, IsClientId } from '@casebook/platform';
import { GRANULARITIES, LOCAL_DATE_PATTERN, TREND_METRICS } from '@casebook/projections/dashboard/dashboard.queries';

/** Query parameters of GET /dashboard/overview and /dashboard/departments. */
export class DashboardParams {
  @ApiPropertyOptional({ description: 'one site; without it, every site the caller may see' })
  @IsAbsentOrValid()
  @IsClientId()
  siteId?: string;
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
