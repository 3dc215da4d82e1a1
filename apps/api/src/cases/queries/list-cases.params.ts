import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { KINDS, SEVERITIES, STATUSES } from '@casebook/domain';
import { IsAbsentOrValid, IsClientId } from '@casebook/platform';
import { IsInstant } from '../../http/instant.validator';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Query parameters of GET /cases. */
export class ListCasesParams {
  @ApiPropertyOptional({ enum: STATUSES }) @IsAbsentOrValid() @IsIn(STATUSES) status?: string;
  @ApiPropertyOptional({ enum: KINDS }) @IsAbsentOrValid() @IsIn(KINDS) kind?: string;
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsAbsentOrValid() @IsIn(SEVERITIES) severity?: string;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsClientId() siteId?: string;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsClientId() departmentId?: string;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsClientId() assigneeId?: string;
  @ApiPropertyOptional({ description: 'a clock still open past its due time' })
  @IsAbsentOrValid()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional({ description: 'escalated to any level' }) @IsAbsentOrValid() @Transform(toBoolean) @IsBoolean() escalated?: boolean;
  @ApiPropertyOptional({ description: 'case number or complainant phone (exact), or part of the subject (any case)' })
  @IsAbsentOrValid()
  @IsString()
  @MinLength(1)
  q?: string;
  @ApiPropertyOptional({ description: 'received at or after this instant' }) @IsAbsentOrValid() @IsInstant() receivedFrom?: string;
  @ApiPropertyOptional({ description: 'received at or before this instant' }) @IsAbsentOrValid() @IsInstant() receivedTo?: string;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsAbsentOrValid()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
