import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, MinLength } from 'class-validator';
import { IsAbsentOrValid } from '@casebook/platform';
import { CaseCommandMessage } from '../../case-command.message';

export class RecordCustomerResponseDto {
  @ApiProperty({ description: 'false: the customer does not accept (disputed)' }) @IsBoolean() accepted: boolean;
  @ApiPropertyOptional() @IsAbsentOrValid() @IsString() @MinLength(1) comment?: string;
}

export class RecordCustomerResponseCommand extends CaseCommandMessage<RecordCustomerResponseDto> {}
