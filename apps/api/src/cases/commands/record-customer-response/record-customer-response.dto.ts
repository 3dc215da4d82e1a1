import type { RecordCustomerResponseBody } from '@casebook/application';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, MinLength } from 'class-validator';
import { IsAbsentOrValid } from '@casebook/platform';

export class RecordCustomerResponseDto implements RecordCustomerResponseBody {
  @ApiProperty({ description: 'false: the customer does not accept (disputed)' }) @IsBoolean() accepted: boolean;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) comment?: string;
}
