import { ApiProperty } from '@nestjs/swagger';
import { IsString, MinLength } from 'class-validator';
import { CaseCommandMessage } from '../../case-command.message';

export class ResolveOnTheSpotDto {
  @ApiProperty() @IsString() @MinLength(1) resolution: string;
}

export class ResolveOnTheSpotCommand extends CaseCommandMessage<ResolveOnTheSpotDto> {}
