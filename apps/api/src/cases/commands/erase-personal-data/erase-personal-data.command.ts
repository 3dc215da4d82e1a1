import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { CaseCommandMessage } from '../../case-command.message';

export class ErasePersonalDataDto {
  @ApiProperty() @IsString() @MinLength(1) reason: string;
}

export class ErasePersonalDataCommand extends CaseCommandMessage<ErasePersonalDataDto> {}
