import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { IsAbsentOrValid, IsClientId } from '@casebook/platform';
import { MONTH_PATTERN } from '@casebook/projections/penalties/penalty.queries';

const month = () =>
  Matches(MONTH_PATTERN, { message: 'month must be a month as YYYY-MM' });

/** Query parameters of GET /penalties/summary. */
export class PenaltySummaryParams {
  @ApiProperty({ description: 'the month, local time (CASEBOOK_TZ), as YYYY-MM', example: '2026-11' })
  @IsString()
  @month()
  month: string;

  @ApiPropertyOptional({ description: 'one site; without it, every site the caller may see' })
  @IsAbsentOrValid()
  @IsClientId()
  siteId?: string;
}

/** Query parameters of GET /penalties. */
export class PenaltyLedgerParams extends PenaltySummaryParams {
  @ApiPropertyOptional({ description: 'lines targeting this staff member' })
  @IsAbsentOrValid()
  @IsClientId()
  staffId?: string;

  @ApiPropertyOptional({ description: 'the department’s own lines and its staff’s (by their department when the line was recorded)' })
  @IsAbsentOrValid()
  @IsClientId()
  departmentId?: string;

  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsAbsentOrValid()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
