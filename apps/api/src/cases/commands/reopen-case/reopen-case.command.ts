import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { CaseCommandMessage } from '../../case-command.message';

export class ReopenCaseDto {
  @ApiProperty() @IsString() @MinLength(1) reason: string;
}

export class ReopenCaseCommand extends CaseCommandMessage<ReopenCaseDto> {}
