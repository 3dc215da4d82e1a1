import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsObject, IsString, Length, Matches, ValidateNested } from 'class-validator';
import type { LogComplaintBody } from '@casebook/application';
import { CATEGORIES, CHANNELS, KINDS, MARKETS, SEVERITIES } from '@casebook/domain';
import type { Category, Channel, Complainant, Kind, Market, Severity } from '@casebook/domain';
import { IsAbsentOrValid, IsClientId } from '@casebook/platform';
import { IsInstant } from '../../../http/instant.validator';

export class ComplainantDto implements Complainant {
  @ApiProperty({ minLength: 1, maxLength: 100 }) @IsString() @Length(1, 100) name: string;
  @ApiProperty({ example: '13812345678' }) @IsString() @Matches(/^\+?[0-9][0-9 -]{4,19}$/) phone: string;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @Length(1, 200) unit?: string;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @Length(1, 200) company?: string;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsEmail() email?: string;
}

export class LogComplaintDto implements LogComplaintBody {
  @ApiProperty({ enum: KINDS }) @IsIn(KINDS) kind: Kind;
  @ApiProperty() @IsClientId() siteId: string;
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel: Channel;
  @ApiProperty({ enum: CATEGORIES }) @IsIn(CATEGORIES) category: Category;
  @ApiProperty({ enum: SEVERITIES }) @IsIn(SEVERITIES) severity: Severity;
  @ApiProperty({ minLength: 1, maxLength: 200 }) @IsString() @Length(1, 200) subject: string;
  @ApiProperty({ minLength: 1, maxLength: 5000 }) @IsString() @Length(1, 5000) description: string;
  @ApiProperty({ type: ComplainantDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ComplainantDto)
  complainant: ComplainantDto;
  @ApiPropertyOptional({ description: 'default now; at most 5 minutes ahead and 7 days back' })
  @IsAbsentOrValid()
  @IsInstant()
  receivedAt?: string;
  @ApiPropertyOptional({ enum: MARKETS, default: 'domestic' }) @IsAbsentOrValid() @IsIn(MARKETS) market?: Market;
  @ApiPropertyOptional({ description: 'supervisor and above, logging on behalf of another staff member' })
  @IsAbsentOrValid()
  @IsClientId()
  firstResponderId?: string;
}
