import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { CaseCommandMessage } from '../../case-command.message';

export class CloseCaseDto {
  @ApiProperty() @IsString() @MinLength(1) summary: string;
}

export class CloseCaseCommand extends CaseCommandMessage<CloseCaseDto> {}
