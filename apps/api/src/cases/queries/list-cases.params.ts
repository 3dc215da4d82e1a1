import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { KINDS, SEVERITIES, STATUSES } from '@casebook/domain';
import { IsClientId } from '@casebook/platform';
import { IsInstant } from '../../http/instant.validator';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Query parameters of GET /cases. */
export class ListCasesParams {
  @ApiPropertyOptional({ enum: STATUSES }) @IsOptional() @IsIn(STATUSES) status?: string;
  @ApiPropertyOptional({ enum: KINDS }) @IsOptional() @IsIn(KINDS) kind?: string;
  @ApiPropertyOptional({ enum: SEVERITIES }) @IsOptional() @IsIn(SEVERITIES) severity?: string;
  @ApiPropertyOptional() @IsOptional() @IsClientId() siteId?: string;
  @ApiPropertyOptional() @IsOptional() @IsClientId() departmentId?: string;
  @ApiPropertyOptional() @IsOptional() @IsClientId() assigneeId?: string;
  @ApiPropertyOptional({ description: 'a clock still open past its due time' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional({ description: 'escalated to any level' }) @IsOptional() @Transform(toBoolean) @IsBoolean() escalated?: boolean;
  @ApiPropertyOptional({ description: 'case number or complainant phone (exact), or part of the subject (any case)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  q?: string;
  @ApiPropertyOptional({ description: 'received at or after this instant' }) @IsOptional() @IsInstant() receivedFrom?: string;
  @ApiPropertyOptional({ description: 'received at or before this instant' }) @IsOptional() @IsInstant() receivedTo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
