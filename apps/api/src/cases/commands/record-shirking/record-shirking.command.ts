import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { IsClientId } from '@casebook/platform';
import { CaseCommandMessage } from '../../case-command.message';

export class RecordShirkingDto {
  @ApiProperty({ description: 'the staff member who passed the case off' }) @IsClientId() staffId: string;
  @ApiProperty() @IsString() @MinLength(1) description: string;
}

export class RecordShirkingCommand extends CaseCommandMessage<RecordShirkingDto> {}
